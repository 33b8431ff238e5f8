// Shared by the nn tests: random matrices and the pieces of a finite-difference check.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>

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

// A 1 x n matrix of the values, as a batch's logits.
inline MatD row_of(std::initializer_list<double> values) {
  MatD m(1, Eigen::Index(values.size()));
  Eigen::Index i = 0;
  for (double v : values) m(0, i++) = v;
  return m;
}

// Central differences of the scalar loss_of(s) in each entry of s against the analytic
// gradient grad; what names the loss in a failure.
template <typename F>
void expect_gradient(const MatD& s, F loss_of, const MatD& grad, const std::string& what) {
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < s.size(); ++i) {
    MatD p = s, m = s;
    p.data()[i] += h;
    m.data()[i] -= h;
    EXPECT_NEAR(grad.data()[i], (loss_of(p) - loss_of(m)) / (2 * h), 1e-7)
        << what << ", logit " << i;
  }
}

// dL/dx of L = weighted_output(layer, x, r) by central differences of step h.
inline MatD numeric_input_gradient(Layer<double>& layer, const MatD& x, const MatD& r, double h) {
  MatD numeric(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    MatD xp = x, xm = x;
    xp.data()[i] += h;
    xm.data()[i] -= h;
    numeric.data()[i] = (weighted_output(layer, xp, r) - weighted_output(layer, xm, r)) / (2 * h);
  }
  return numeric;
}

// dL/dp of the same L for one of the layer's parameters (value, one of layer.params()), by
// central differences of step h; the parameter is left as it was.
inline MatD numeric_param_gradient(Layer<double>& layer, MatD& value, const MatD& x, const MatD& r,
                                   double h) {
  MatD numeric(value.rows(), value.cols());
  for (Eigen::Index i = 0; i < value.size(); ++i) {
    const double keep = value.data()[i];
    value.data()[i] = keep + h;
    const double lp = weighted_output(layer, x, r);
    value.data()[i] = keep - h;
    const double lm = weighted_output(layer, x, r);
    value.data()[i] = keep;
    numeric.data()[i] = (lp - lm) / (2 * h);
  }
  return numeric;
}

}  // namespace ganscope::nn::test_support
