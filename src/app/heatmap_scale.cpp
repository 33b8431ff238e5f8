#include "app/heatmap_scale.h"

#include <algorithm>
#include <cmath>

namespace ganscope::app {

namespace {

// Mean of the finite values; NaN when there are none.
double finite_mean(const std::vector<float>& values) {
  double sum = 0;
  std::size_t n = 0;
  for (float v : values)
    if (std::isfinite(v)) sum += v, ++n;
  return n > 0 ? sum / double(n) : NAN;
}

// The q-quantile (0..1) of the values, which it reorders; values must not be empty.
float quantile(std::vector<float>& values, double q) {
  const std::size_t last = values.size() - 1;
  const std::size_t k = std::min(last, std::size_t(q * double(last) + 0.5));
  std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
  return values[k];
}

}  // namespace

HeatmapScale probability_scale() { return HeatmapScale{}; }

HeatmapScale critic_scale(const std::vector<float>& real, const std::vector<float>& fake,
                          const std::vector<float>& heatmap) {
  std::vector<float> view;
  view.reserve(heatmap.size());
  for (float v : heatmap)
    if (std::isfinite(v)) view.push_back(v);
  const double mean_real = finite_mean(real), mean_fake = finite_mean(fake);
  HeatmapScale scale;
  scale.critic = true;
  double centre = 0, gap = 0;
  if (std::isfinite(mean_real) && std::isfinite(mean_fake)) {
    centre = 0.5 * (mean_real + mean_fake);
    gap = std::fabs(mean_real - mean_fake);
  } else if (!view.empty()) {
    centre = quantile(view, 0.5);
  }
  for (float& v : view) v = float(std::fabs(v - centre));
  const double spread = view.empty() ? 0.0 : double(quantile(view, 0.98));
  // Half the gap puts the means at the ends at worst; the floor keeps a flat critic (at its
  // start) from dividing by zero, relative to its size so that float steps do not show.
  const double floor = 1e-6 * std::max(1.0, std::fabs(centre));
  scale.centre = float(centre);
  scale.half_range = float(std::max({spread, 0.5 * gap, floor}));
  return scale;
}

HeatmapScale ease(const HeatmapScale& previous, const HeatmapScale& target) {
  if (previous.critic != target.critic || !std::isfinite(previous.half_range) ||
      !(previous.half_range > 0))
    return target;
  HeatmapScale eased = target;
  if (target.half_range < previous.half_range)
    eased.half_range = previous.half_range + (target.half_range - previous.half_range) * 0.2f;
  return eased;
}

}  // namespace ganscope::app
