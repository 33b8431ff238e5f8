// 2D histograms of points on a fixed grid, and the KL and JS divergences between the
// histograms of real and generated points: a model-free measure of how far a 2D GAN's
// samples are from the data, comparable between runs when the grid is the same.
//
// Bins are half-open, [lo + i w, lo + (i + 1) w), except that the last bin also holds hi.
// Points outside [lo, hi] on an axis are CLAMPED into the edge bin of that axis and counted in
// `outside`. Clamping rather than dropping keeps every sample's mass in the histogram: if far
// points were dropped and the rest renormalised, a generator that throws 90% of its samples
// far away would score as well as one that matches the data, whereas clamped they pile up in
// edge bins where real data is thin and show as divergence. Choose a range with a margin
// around the data (the real points' `outside` should be 0) so that edge bins mean "off the
// map". A NaN coordinate has no bin at all: histogram_2d throws std::invalid_argument for it
// (a NaN sample means the generator diverged; measure something else).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "metrics/divergence.h"

namespace ganscope::metrics {

struct Grid2D {
  int bins_x = 50, bins_y = 50;  // each in [1, 4096], bins_x * bins_y <= 1,048,576
  double x_lo = -5.0, x_hi = 5.0, y_lo = -5.0, y_hi = 5.0;  // finite, lo < hi

  static Grid2D square(int bins, double lo, double hi) { return {bins, bins, lo, hi, lo, hi}; }
  bool operator==(const Grid2D& o) const {
    return bins_x == o.bins_x && bins_y == o.bins_y && x_lo == o.x_lo && x_hi == o.x_hi &&
           y_lo == o.y_lo && y_hi == o.y_hi;
  }
};

struct Histogram2D {
  Grid2D grid;
  std::vector<double> p;     // bins_x * bins_y probabilities, index ix * bins_y + iy, sum 1
  std::int64_t samples = 0;  // points counted (all of them)
  std::int64_t outside = 0;  // of which clamped in from outside the range
};

// Histogram of n points xy = x0, y0, x1, y1, ... Throws std::invalid_argument for a bad grid,
// n = 0 (nothing to normalise) or a NaN coordinate (+-inf is just far and is clamped).
Histogram2D histogram_2d(const float* xy, std::size_t n, const Grid2D& grid);
Histogram2D histogram_2d(const std::vector<float>& xy, const Grid2D& grid);

// KL(real || fake) with additive smoothing epsilon (0 = exact, possibly +inf; see
// divergence.h) and JS(real, fake), in nats, between two histograms on the same grid (else
// std::invalid_argument).
struct HistogramDivergence {
  double kl = 0.0;
  double js = 0.0;
  std::int64_t real_outside = 0, fake_outside = 0;  // points clamped into edge bins
};
HistogramDivergence histogram_divergence(const Histogram2D& real, const Histogram2D& fake,
                                         double kl_epsilon = kDefaultKlEpsilon);
HistogramDivergence histogram_divergence(const std::vector<float>& real,
                                         const std::vector<float>& fake, const Grid2D& grid,
                                         double kl_epsilon = kDefaultKlEpsilon);

}  // namespace ganscope::metrics
