// VEEGAN mode coverage: nearest centre, 3-std quality test, per-mode counts (see header).
#include "metrics/mode_coverage.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "metrics/divergence.h"

namespace ganscope::metrics {

ModeCoverage mode_coverage(const float* xy, std::size_t n, const std::vector<float>& centres,
                           float std, double radius_in_stds) {
  if (n == 0) throw std::invalid_argument("mode coverage: no samples");
  if (centres.empty() || centres.size() % 2 != 0)
    throw std::invalid_argument("mode coverage: centres must be a non-empty list of x, y pairs");
  for (float c : centres)
    if (!std::isfinite(c)) throw std::invalid_argument("mode coverage: a centre is not finite");
  if (!(std > 0.0f && std::isfinite(std)))
    throw std::invalid_argument("mode coverage: std must be positive and finite (got " +
                                std::to_string(std) + ")");
  if (!(radius_in_stds > 0.0 && std::isfinite(radius_in_stds)))
    throw std::invalid_argument("mode coverage: radius_in_stds must be positive");

  const std::size_t k = centres.size() / 2;
  const double r = radius_in_stds * double(std);
  const double r2 = r * r;  // compare squared distances: no sqrt, exact for exact inputs
  ModeCoverage mc;
  mc.modes = int(k);
  mc.samples = std::int64_t(n);
  mc.per_mode.assign(k, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = xy[2 * i], y = xy[2 * i + 1];
    if (!std::isfinite(x) || !std::isfinite(y)) continue;  // never high quality
    std::size_t best = 0;
    double best_d2 = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < k; ++c) {
      const double dx = x - centres[2 * c], dy = y - centres[2 * c + 1];
      const double d2 = dx * dx + dy * dy;
      if (d2 < best_d2) {  // strict: a tie keeps the earlier centre
        best_d2 = d2;
        best = c;
      }
    }
    if (best_d2 <= r2) {  // inclusive boundary
      ++mc.per_mode[best];
      ++mc.high_quality;
    }
  }
  for (std::int64_t count : mc.per_mode) mc.modes_captured += count > 0;
  mc.high_quality_percent = 100.0 * double(mc.high_quality) / double(n);
  mc.reverse_kl = reverse_kl_to_uniform(mc.per_mode);
  return mc;
}

ModeCoverage mode_coverage(const std::vector<float>& xy, const std::vector<float>& centres,
                           float std, double radius_in_stds) {
  if (xy.size() % 2 != 0) throw std::invalid_argument("mode coverage: odd number of coordinates");
  return mode_coverage(xy.data(), xy.size() / 2, centres, std, radius_in_stds);
}

}  // namespace ganscope::metrics
