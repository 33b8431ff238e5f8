// The Frechet distance between two Gaussians fitted to feature vectors: FID's formula
// (Heusel et al., NeurIPS 2017), here on a small Fashion-MNIST classifier's features rather
// than Inception-v3's (see image_classifier.h).
//
//   d^2 = |mu_a - mu_b|^2 + Tr(S_a) + Tr(S_b) - 2 Tr((S_a S_b)^(1/2))
//
// S_a S_b is not symmetric, but it is similar to R S_b R with R = S_a^(1/2) (symmetric, PSD),
// so Tr((S_a S_b)^(1/2)) is the sum of the square roots of R S_b R's eigenvalues: two
// symmetric eigen-decompositions and no general matrix square root.
#pragma once

// The window's code never sees Eigen (docs/design.md, "Layers"): its target defines GANSCOPE_UI.
#ifdef GANSCOPE_UI
#error "src/app includes Eigen; the UI reads Snapshots and talks to the Session only"
#endif

#include <Eigen/Core>

#include "nn/tensor.h"

namespace ganscope::metrics {

struct GaussianStats {
  Eigen::VectorXd mean;
  Eigen::MatrixXd cov;  // unbiased (divided by n - 1)
  int count = 0;
};

// Mean and covariance of the columns of a (d, n) matrix, accumulated in double; n >= 2.
GaussianStats gaussian_stats(const nn::MatF& features);

// d^2 above (the squared distance, as FID reports it); both of the same dimension.
double frechet_distance(const GaussianStats& a, const GaussianStats& b);

// How far the distance from a to b's samples moves with the draw of the samples alone: its
// 5th and 95th percentiles over `resamples` bootstrap resamples of b's columns (n drawn with
// replacement, seeded), moved to centre on the distance itself (the resamples' median on it). Reference a stays fixed (its 10,000 test images vary far less than
// 2,000 of G's). Each resample costs a covariance and two eigen-decompositions.
struct FrechetBand {
  double low = 0, high = 0;
};
FrechetBand frechet_band(const GaussianStats& a, const nn::MatF& b_features, int resamples,
                         std::uint64_t seed);

}  // namespace ganscope::metrics
