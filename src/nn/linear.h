// Fully connected layer: y = W x + b.
#pragma once

#include "nn/layer.h"

namespace ganscope::nn {

template <typename T>
class Linear final : public Layer<T> {
 public:
  Linear(int in, int out);

  std::string describe() const override;
  int out_features(int in_features) const override;
  void forward(const Mat<T>& x, Mat<T>& y) override;
  void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                bool param_grads) override;
  bool has_tangent() const override { return true; }
  void tangent_forward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, Mat<T>& yt) override;
  bool tangent_backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, const Mat<T>* ybar,
                        const Mat<T>& ytbar, Mat<T>* xbar, Mat<T>* xtbar) override;
  std::vector<Param<T>> params() override;
  std::unique_ptr<Layer<T>> clone() const override;
  double macs_per_sample() const override { return double(in_) * out_; }

  int in() const { return in_; }
  int out() const { return out_; }
  Mat<T>& weight() { return w_; }
  Mat<T>& bias() { return b_; }

 private:
  int in_, out_;
  Mat<T> w_, b_;    // W: (out, in), b: (out, 1)
  Mat<T> dw_, db_;  // gradients, same shapes
};

extern template class Linear<float>;
extern template class Linear<double>;

}  // namespace ganscope::nn
