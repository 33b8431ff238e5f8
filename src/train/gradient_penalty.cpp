#include "train/gradient_penalty.h"

#include <cmath>

namespace ganscope::train {

// With n_i = |g_i| and B samples, R = (c / B) sum_i (n_i - t)^2, so
//   v_i = dR/dg_i = (2c / B) (n_i - t) g_i / n_i,
// which for t = 0 is (2c / B) g_i, with no division (g_i = 0 is then no special case). For
// t > 0 at n_i = 0 the direction is undefined; PyTorch's norm takes its subgradient there as
// 0, and so does this.
GradientPenalty::Result GradientPenalty::add(nn::Sequential<float>& d, const nn::MatF& x,
                                             float coefficient, float target,
                                             Eigen::Index sample_rows) {
  const Eigen::Index B = x.cols();
  const nn::MatF& out = d.forward(x);
  ones_.setOnes(out.rows(), B);
  d.backward(ones_, &grad_x_, /*param_grads=*/false);
  // Rows that are not the sample's own get no gradient of R (their direction is 0).
  if (sample_rows >= 0 && sample_rows < grad_x_.rows()) grad_x_.bottomRows(grad_x_.rows() - sample_rows).setZero();
  direction_.resize(grad_x_.rows(), B);
  double value = 0, norms = 0;
  const double c = coefficient / double(B);
  for (Eigen::Index i = 0; i < B; ++i) {
    const double n = grad_x_.col(i).cast<double>().norm();
    value += (n - target) * (n - target);
    norms += n;
    const double scale = target == 0 ? 2 * c : n > 0 ? 2 * c * (n - target) / n : 0;
    direction_.col(i) = float(scale) * grad_x_.col(i);
  }
  weights_.setOnes(out.rows(), B);
  d.add_tangent_param_grads(direction_, weights_);
  return {float(c * value), float(norms / double(B))};
}

}  // namespace ganscope::train
