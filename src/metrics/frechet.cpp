#include "metrics/frechet.h"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/rng.h"

namespace ganscope::metrics {

GaussianStats gaussian_stats(const nn::MatF& features) {
  const Eigen::Index n = features.cols();
  if (n < 2) throw std::invalid_argument("gaussian_stats: needs at least 2 samples");
  const Eigen::MatrixXd x = features.cast<double>();
  GaussianStats s;
  s.count = int(n);
  s.mean = x.rowwise().mean();
  const Eigen::MatrixXd centred = x.colwise() - s.mean;
  s.cov = centred * centred.transpose() / double(n - 1);
  return s;
}

// The symmetric square root of a symmetric PSD matrix; eigenvalues that rounding made
// slightly negative count as 0.
static Eigen::MatrixXd psd_sqrt(const Eigen::MatrixXd& m) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(m);
  const Eigen::VectorXd root = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return es.eigenvectors() * root.asDiagonal() * es.eigenvectors().transpose();
}

double frechet_distance(const GaussianStats& a, const GaussianStats& b) {
  if (a.mean.size() != b.mean.size() || a.cov.rows() != a.mean.size() ||
      b.cov.rows() != b.mean.size())
    throw std::invalid_argument("frechet_distance: dimensions differ (" +
                                std::to_string(a.mean.size()) + " and " +
                                std::to_string(b.mean.size()) + ")");
  const Eigen::MatrixXd r = psd_sqrt(a.cov);
  const Eigen::MatrixXd m = r * b.cov * r;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(0.5 * (m + m.transpose()),
                                                    Eigen::EigenvaluesOnly);
  const double tr_sqrt = es.eigenvalues().cwiseMax(0.0).cwiseSqrt().sum();
  const double d2 = (a.mean - b.mean).squaredNorm() + a.cov.trace() + b.cov.trace() - 2 * tr_sqrt;
  return std::max(0.0, d2);  // 0 up to rounding for identical statistics
}

FrechetBand frechet_band(const GaussianStats& a, const nn::MatF& b_features, int resamples,
                         std::uint64_t seed) {
  const Eigen::Index n = b_features.cols();
  if (resamples < 2 || n < 2) throw std::invalid_argument("frechet_band: needs 2 resamples of 2 samples");
  nn::Rng rng(seed);
  nn::MatF resampled(b_features.rows(), n);
  std::vector<double> d(static_cast<std::size_t>(resamples));
  for (double& v : d) {
    for (Eigen::Index j = 0; j < n; ++j) resampled.col(j) = b_features.col(Eigen::Index(rng.below(std::uint64_t(n))));
    v = frechet_distance(a, gaussian_stats(resampled));
  }
  std::sort(d.begin(), d.end());
  // Nearest-rank percentiles, moved so that the resamples' median sits on the distance itself:
  // a resample repeats about a third of its samples, which inflates the distance as fewer
  // samples would (on Fashion-MNIST's own test images: 1.3 for the set, 1.7-4.2 for its
  // resamples), while the spread is what the band is for.
  auto at = [&](double p) { return d[std::min(d.size() - 1, std::size_t(p * double(d.size())))]; };
  const double shift = frechet_distance(a, gaussian_stats(b_features)) - at(0.5);
  return {std::max(0.0, at(0.05) + shift), at(0.95) + shift};
}

}  // namespace ganscope::metrics
