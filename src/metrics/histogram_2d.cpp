// 2D histograms on a fixed grid and the divergences between them (see histogram_2d.h).
#include "metrics/histogram_2d.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ganscope::metrics {

namespace {

void check_grid(const Grid2D& g) {
  auto bad = [](const std::string& why) { throw std::invalid_argument("histogram grid: " + why); };
  if (g.bins_x < 1 || g.bins_x > 4096 || g.bins_y < 1 || g.bins_y > 4096)
    bad("bins must be between 1 and 4096 per axis (got " + std::to_string(g.bins_x) + " x " +
        std::to_string(g.bins_y) + ")");
  if (std::int64_t(g.bins_x) * g.bins_y > (1 << 20)) bad("more than 1,048,576 bins");
  if (!(std::isfinite(g.x_lo) && std::isfinite(g.x_hi) && g.x_lo < g.x_hi))
    bad("x range must be finite with lo < hi");
  if (!(std::isfinite(g.y_lo) && std::isfinite(g.y_hi) && g.y_lo < g.y_hi))
    bad("y range must be finite with lo < hi");
}

// The bin of v on one axis, clamped into [0, bins); *out is set when v lies outside [lo, hi].
// The index is clamped as a double before the cast, since +-inf has no int.
int bin_of(double v, double lo, double hi, int bins, bool* out) {
  if (v < lo || v > hi) *out = true;
  const double f = std::floor((v - lo) / (hi - lo) * bins);
  if (f < 0.0) return 0;
  if (f >= bins) return bins - 1;  // v == hi lands here too: the last bin is closed
  return int(f);
}

}  // namespace

Histogram2D histogram_2d(const float* xy, std::size_t n, const Grid2D& grid) {
  check_grid(grid);
  if (n == 0) throw std::invalid_argument("histogram: no points");
  Histogram2D h;
  h.grid = grid;
  std::vector<std::int64_t> counts(std::size_t(grid.bins_x) * grid.bins_y, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const float x = xy[2 * i], y = xy[2 * i + 1];
    if (std::isnan(x) || std::isnan(y))
      throw std::invalid_argument("histogram: point " + std::to_string(i) + " is NaN");
    bool out = false;
    const int ix = bin_of(x, grid.x_lo, grid.x_hi, grid.bins_x, &out);
    const int iy = bin_of(y, grid.y_lo, grid.y_hi, grid.bins_y, &out);
    ++counts[std::size_t(ix) * grid.bins_y + iy];
    h.outside += out;
  }
  h.samples = std::int64_t(n);
  h.p.resize(counts.size());
  for (std::size_t b = 0; b < counts.size(); ++b) h.p[b] = double(counts[b]) / double(n);
  return h;
}

Histogram2D histogram_2d(const std::vector<float>& xy, const Grid2D& grid) {
  if (xy.size() % 2 != 0) throw std::invalid_argument("histogram: odd number of coordinates");
  return histogram_2d(xy.data(), xy.size() / 2, grid);
}

HistogramDivergence histogram_divergence(const Histogram2D& real, const Histogram2D& fake,
                                         double kl_epsilon) {
  if (!(real.grid == fake.grid))
    throw std::invalid_argument("histogram divergence: the histograms have different grids");
  HistogramDivergence d;
  d.kl = kl_divergence(real.p, fake.p, kl_epsilon);
  d.js = js_divergence(real.p, fake.p);
  d.real_outside = real.outside;
  d.fake_outside = fake.outside;
  return d;
}

HistogramDivergence histogram_divergence(const std::vector<float>& real,
                                         const std::vector<float>& fake, const Grid2D& grid,
                                         double kl_epsilon) {
  return histogram_divergence(histogram_2d(real, grid), histogram_2d(fake, grid), kl_epsilon);
}

}  // namespace ganscope::metrics
