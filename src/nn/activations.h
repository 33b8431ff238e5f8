// Elementwise activations. Each derivative is written from whichever of x or y is cheaper.
#pragma once

#include "nn/layer.h"

namespace ganscope::nn {

// y = x for x > 0, slope * x otherwise; ReLU is slope 0. dy/dx jumps at 0, where we take
// the left slope (as PyTorch does).
template <typename T>
class LeakyReLU final : public DiagonalJacobianLayer<T> {  // no curvature
 public:
  explicit LeakyReLU(T slope) : slope_(slope) {}
  std::string describe() const override;
  int out_features(int in_features) const override { return in_features; }
  void forward(const Mat<T>& x, Mat<T>& y) override;
  void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                bool param_grads) override;
  std::unique_ptr<Layer<T>> clone() const override;
  T slope() const { return slope_; }

 private:
  T slope_;
};

// y = tanh(x); dy/dx = 1 - y^2.
template <typename T>
class Tanh final : public Layer<T> {
 public:
  std::string describe() const override { return "Tanh"; }
  int out_features(int in_features) const override { return in_features; }
  void forward(const Mat<T>& x, Mat<T>& y) override;
  void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                bool param_grads) override;
  bool has_tangent() const override { return true; }
  void tangent_forward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, Mat<T>& yt) override;
  bool tangent_backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, const Mat<T>* ybar,
                        const Mat<T>& ytbar, Mat<T>* xbar, Mat<T>* xtbar) override;
  std::unique_ptr<Layer<T>> clone() const override;
};

// y = 1 / (1 + e^-x); dy/dx = y (1 - y).
template <typename T>
class Sigmoid final : public Layer<T> {
 public:
  std::string describe() const override { return "Sigmoid"; }
  int out_features(int in_features) const override { return in_features; }
  void forward(const Mat<T>& x, Mat<T>& y) override;
  void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                bool param_grads) override;
  bool has_tangent() const override { return true; }
  void tangent_forward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, Mat<T>& yt) override;
  bool tangent_backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, const Mat<T>* ybar,
                        const Mat<T>& ytbar, Mat<T>* xbar, Mat<T>* xtbar) override;
  std::unique_ptr<Layer<T>> clone() const override;
};

extern template class LeakyReLU<float>;
extern template class LeakyReLU<double>;
extern template class Tanh<float>;
extern template class Tanh<double>;
extern template class Sigmoid<float>;
extern template class Sigmoid<double>;

}  // namespace ganscope::nn
