// Sample quality of a 2D generator, measured at each snapshot on 2,500 samples drawn from
// fixed latents (a seed of their own, so measuring never changes training).
#include <algorithm>
#include <cmath>
#include <limits>

#include "metrics/histogram_2d.h"
#include "metrics/mode_coverage.h"
#include "metrics/precision_recall.h"
#include "train/trainer.h"

namespace ganscope::train {

namespace {
constexpr int kQualitySamples = 2500;
constexpr std::uint64_t kQualitySeed = 0x5ca1ab1e;
// Precision and recall cost O(n^2): 1,000 points a side keep them to a few ms.
constexpr int kPrecisionRecallPoints = 1000;

// The first n points of xy (x0, y0, x1, ...) as columns.
nn::MatF first_points(const std::vector<float>& xy, int n) {
  n = std::min(n, int(xy.size() / 2));
  return Eigen::Map<const nn::MatF>(xy.data(), 2, n);
}
}  // namespace

QualityStats Trainer::measure_quality(bool precision_recall) {
  QualityStats q;
  const auto* points = dynamic_cast<const data::PointDataset*>(data_.get());
  if (!points) return q;
  std::vector<float> fake = generate(kQualitySamples, kQualitySeed);
  if (!points->mode_centres().empty()) {
    auto cov = metrics::mode_coverage(fake, points->mode_centres(), points->mode_std());
    q.has_modes = true;
    q.modes = cov.modes;
    q.modes_captured = cov.modes_captured;
    q.high_quality = float(cov.high_quality_percent);
    q.reverse_kl = float(cov.reverse_kl);
  }
  // KL and JS between 2D histograms (40 x 40 bins over the real data's extent plus a margin)
  // of the first 2,500 real points and the samples. A NaN sample has no bin: no histogram.
  const auto& xy = points->points();
  // The data's first points are already a random sample of it (sampling draws in order).
  const nn::MatF real_pr = first_points(xy, kPrecisionRecallPoints);
  const nn::MatF fake_pr = first_points(fake, kPrecisionRecallPoints);
  if (precision_recall && real_pr.cols() > 3 && fake_pr.cols() > 3) {
    const metrics::PrecisionRecall pr = metrics::precision_recall(real_pr, fake_pr, 3);
    q.has_precision_recall = true;
    q.precision = float(pr.precision);
    q.recall = float(pr.recall);
  }
  std::vector<float> real(xy.begin(), xy.begin() + std::min<std::size_t>(xy.size(), 2 * kQualitySamples));
  float lo = 0, hi = 0;
  for (float v : real) lo = std::min(lo, v), hi = std::max(hi, v);
  const float margin = 0.1f * (hi - lo) + 1e-3f;
  bool finite = std::all_of(fake.begin(), fake.end(), [](float v) { return std::isfinite(v); });
  if (!finite) {
    q.kl = q.js = std::numeric_limits<float>::quiet_NaN();
    return q;
  }
  auto div = metrics::histogram_divergence(real, fake, metrics::Grid2D::square(40, lo - margin, hi + margin));
  q.kl = float(div.kl);
  q.js = float(div.js);
  return q;
}

}  // namespace ganscope::train
