// Improved precision and recall of a generative model (Kynkaanniemi et al., NeurIPS 2019), on
// points of any dimension (2D samples, or a classifier's features of images):
//
// - Each real point gets a ball whose radius is the distance to its k-th nearest other real
//   point; the union of those balls is the estimated real manifold. Likewise for the fakes.
// - PRECISION is the fraction of fakes inside the real manifold (how many samples look real);
//   RECALL the fraction of reals inside the fake manifold (how much of the data G covers).
//
// A collapsed G scores high precision and low recall; a G that sprays points everywhere the
// reverse. k = 3 is the paper's choice. A point with a NaN or infinite coordinate is inside no
// ball and gives none (a diverged G scores 0 rather than throwing).
#pragma once

#include <cstddef>

#include "nn/tensor.h"

namespace ganscope::metrics {

struct PrecisionRecall {
  double precision = 0;  // in [0, 1]
  double recall = 0;
};

// real and fake hold one point per column, the same number of rows (the dimension). Throws
// std::invalid_argument when either has k or fewer points, or the dimensions differ. Costs
// O((n_real + n_fake)^2 d) through blocked matrix products, and O(block * n) memory.
PrecisionRecall precision_recall(const nn::MatF& real, const nn::MatF& fake, int k = 3);

}  // namespace ganscope::metrics
