// Layer normalisation (Ba et al. 2016) as torch.nn.LayerNorm(normalized_shape) with
// normalized_shape the whole per-sample shape ([F], or [C, H, W] for an image), eps 1e-5 and an
// elementwise affine map: each sample (column) of N values is normalised by its own mean and
// biased variance, so unlike BatchNorm no sample depends on another (which a gradient penalty's
// per-sample gradients need: the WGAN-GP critic uses it instead of BatchNorm):
//   xhat = (x - mean) s,  s = 1 / sqrt(var + eps),  y = gamma .* xhat + beta
// gamma ("weight", init 1) and beta ("bias", init 0) hold one value per feature, (N, 1).
//
// The Jacobian of xhat in x is, per sample, J = s P with the symmetric projection
//   P v = v - mean(v) - xhat mean(xhat .* v),
// so backward (dx = J (gamma .* dy)) and the tangent (xhat_t = J xt) share one formula.
#pragma once

#include <vector>

#include "nn/layer.h"

namespace ganscope::nn {

template <typename T>
class LayerNorm final : public Layer<T> {
 public:
  static constexpr double kEps = 1e-5;

  explicit LayerNorm(std::vector<int> shape);  // {features} or {channels, height, width}

  std::string describe() const override;  // "LayerNorm(256)", "LayerNorm(64x14x14)"
  int out_features(int in_features) const override;
  std::string output_shape() const override;
  void forward(const Mat<T>& x, Mat<T>& y) override;
  void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                bool param_grads) override;
  // Nonlinear in x: the tangent's reverse pass has a curvature term in xbar (layer_norm.cpp).
  bool has_tangent() const override { return true; }
  void tangent_forward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, Mat<T>& yt) override;
  bool tangent_backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, const Mat<T>* ybar,
                        const Mat<T>& ytbar, Mat<T>* xbar, Mat<T>* xtbar) override;
  std::vector<Param<T>> params() override;
  std::unique_ptr<Layer<T>> clone() const override;

  Mat<T>& weight() { return gamma_; }  // (N, 1)
  Mat<T>& bias() { return beta_; }     // (N, 1)

 private:
  using Row = Eigen::Array<T, 1, Eigen::Dynamic>;  // one value per sample

  // mean_, inv_std_ and xhat_ of x. Recomputed by every pass from x itself (two passes over
  // it), so no pass depends on which forward ran last.
  void normalise(const Mat<T>& x);
  // out = J v = s P v, per column, from xhat_ and inv_std_.
  void jacobian_times(const Mat<T>& v, Mat<T>& out);

  std::vector<int> shape_;
  int n_;
  Mat<T> gamma_, beta_, dgamma_, dbeta_;
  Row mean_, inv_std_, r1_, r2_, r3_;  // per-sample scratch
  Mat<T> xhat_, u_, c_, ubar_;         // (N, B) scratch
};

extern template class LayerNorm<float>;
extern template class LayerNorm<double>;

}  // namespace ganscope::nn
