// Spectral normalisation (Miyato et al. 2018) of a Linear or Conv2d layer, as
// torch.nn.utils.spectral_norm with n_power_iterations = 1 and eps = 1e-12: the layer runs with
// W_sn = W / sigma(W), where sigma, W's largest singular value, is estimated by power iteration
// on the flattened weight (out, in*k*k):
//   v <- normalize(W^T u),  u <- normalize(W v)   (once per training-mode forward)
//   sigma = u^T W v,        normalize(a) = a / max(|a|, eps)
// u and v are buffers (they persist in checkpoints); evaluation mode uses them as they are.
//
// The trainable parameter is W ("weight"); the wrapped layer's own weight holds W_sn. Backward
// treats u and v as constants (PyTorch does too: they are computed without autograd), so
// d sigma / dW = u v^T and, with G = dL/dW_sn from the wrapped layer,
//   dL/dW = (G - sum(G .* W_sn) u v^T) / sigma.
#pragma once

#include <cstdint>

#include "nn/layer.h"
#include "nn/power_iteration.h"

namespace ganscope::nn {

template <typename T>
class SpectralNorm final : public Layer<T> {
 public:
  static constexpr double kEps = kPowerIterationEps;

  // inner: a Linear or Conv2d (std::invalid_argument otherwise); W starts as its weight, and
  // u, v as normalised N(0, 1) draws from an Rng with this seed (as PyTorch, from its own).
  explicit SpectralNorm(std::unique_ptr<Layer<T>> inner, std::uint64_t seed = 1);
  SpectralNorm(const SpectralNorm& other);
  SpectralNorm& operator=(const SpectralNorm&) = delete;

  std::string describe() const override;  // "SpectralNorm(Conv2d(1->64, k4, s2, p1))"
  int out_features(int in_features) const override { return inner_->out_features(in_features); }
  std::string output_shape() const override { return inner_->output_shape(); }
  void forward(const Mat<T>& x, Mat<T>& y) override;
  void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                bool param_grads) override;
  bool has_tangent() const override { return inner_->has_tangent(); }
  void tangent_forward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, Mat<T>& yt) override {
    inner_->tangent_forward(x, y, xt, yt);
  }
  bool tangent_backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, const Mat<T>* ybar,
                        const Mat<T>& ytbar, Mat<T>* xbar, Mat<T>* xtbar) override;
  std::vector<Param<T>> params() override;  // "weight" (W), then the wrapped layer's bias
  std::vector<Mat<T>*> buffers() override;  // u (out, 1), v (in*k*k, 1)
  std::unique_ptr<Layer<T>> clone() const override;
  double macs_per_sample() const override { return inner_->macs_per_sample(); }

  void set_training(bool training) override;
  // While frozen, training-mode forwards skip the power iteration (u, v stay as they are):
  // then sigma(W) = u^T W v exactly and the gradient above is exact, for gradient checks.
  void set_power_iteration_frozen(bool frozen) { frozen_ = frozen; }
  void power_iteration();  // one step of the update above

  Layer<T>& inner() { return *inner_; }
  Mat<T>& weight() { return w_; }  // W: (out, in*k*k)
  Mat<T>& u() { return u_; }
  Mat<T>& v() { return v_; }
  T sigma() const { return sigma_; }  // of the last forward

 private:
  void bind_inner();
  void subtract_outer(T k);  // dw -= k u v^T

  std::unique_ptr<Layer<T>> inner_;
  Mat<T>* w_sn_ = nullptr;   // the wrapped layer's weight: W / sigma
  Mat<T>* dw_sn_ = nullptr;  // and its gradient
  Mat<T> w_, dw_;
  Mat<T> u_, v_, wv_;
  T sigma_ = T(1);
  bool training_ = true, frozen_ = false;
};

extern template class SpectralNorm<float>;
extern template class SpectralNorm<double>;

}  // namespace ganscope::nn
