// Mode coverage of generated 2D points on a Gaussian mixture with known centres and a common
// std, as defined by VEEGAN (Srivastava et al., NeurIPS 2017) and used with 2,500 samples:
//
// - A sample is HIGH QUALITY when its distance to the nearest centre is <= 3 std. The boundary
//   is inclusive: a sample exactly 3 std away counts. (Distances are compared squared, in
//   double, so the boundary is exact for representable inputs.)
// - A mode is CAPTURED when at least one high-quality sample is nearest to it.
// - Nearest-centre ties go to the centre listed first (a strict < scan, as argmin does), so
//   the result does not depend on rounding or sample order.
// - A sample with a NaN or infinite coordinate is never high quality (it still counts in the
//   total, so a diverging generator scores low rather than throwing).
//
// reverse_kl is KL(p || uniform over modes) of the high-quality samples' histogram over modes
// (divergence.h): 0 when they are spread evenly, log K when all are on one mode, +inf when no
// sample is high quality.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ganscope::metrics {

struct ModeCoverage {
  int modes = 0;                       // K, the number of centres
  int modes_captured = 0;              // centres with at least one high-quality sample
  std::int64_t samples = 0;            // N
  std::int64_t high_quality = 0;       // samples within radius_in_stds * std of their centre
  double high_quality_percent = 0.0;   // 100 * high_quality / N
  std::vector<std::int64_t> per_mode;  // K counts of high-quality samples nearest each centre
  double reverse_kl = 0.0;             // KL(per_mode / high_quality || uniform), nats
};

// xy = x0, y0, ... (n points), centres = cx0, cy0, ... (K centres). Throws
// std::invalid_argument for n = 0, no centres, a non-finite centre, std not positive and
// finite, or radius_in_stds <= 0. radius_in_stds is 3 in VEEGAN.
ModeCoverage mode_coverage(const float* xy, std::size_t n, const std::vector<float>& centres,
                           float std, double radius_in_stds = 3.0);
ModeCoverage mode_coverage(const std::vector<float>& xy, const std::vector<float>& centres,
                           float std, double radius_in_stds = 3.0);

}  // namespace ganscope::metrics
