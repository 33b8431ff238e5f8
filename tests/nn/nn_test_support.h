// Shared by the nn tests: random matrices and the pieces of a finite-difference check.
#pragma once

#include <algorithm>
#include <cmath>

#include "nn/layer.h"
#include "nn/rng.h"

namespace ganscope::nn::test_support {

using MatD = Mat<double>;

// N(0, 1) entries; with min_abs > 0 each is pushed at least that far from 0 (away from the
// kink of a ReLU, where the derivative jumps).
inline MatD random(Eigen::Index rows, Eigen::Index cols, Rng& rng, double min_abs = 0) {
  MatD m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    double v = rng.normal();
    if (std::abs(v) < min_abs) v = v < 0 ? v - min_abs : v + min_abs;
    m.data()[i] = v;
  }
  return m;
}

// L = sum(r .* f(x)), so that dL/dy = r.
inline double weighted_output(Layer<double>& layer, const MatD& x, const MatD& r) {
  MatD y;
  layer.forward(x, y);
  return (y.array() * r.array()).sum();
}

// |a - n| relative to |a| + |n|, floored at 1e-6 so that entries that are ~0 both ways pass.
inline double max_rel_error(const MatD& analytic, const MatD& numeric) {
  double worst = 0;
  for (Eigen::Index i = 0; i < analytic.size(); ++i) {
    double a = analytic.data()[i], n = numeric.data()[i];
    worst = std::max(worst, std::abs(a - n) / std::max(1e-6, std::abs(a) + std::abs(n)));
  }
  return worst;
}

}  // namespace ganscope::nn::test_support
