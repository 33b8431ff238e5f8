// Shape bookkeeping between image layers and flat ones. A sample's features are already laid
// out channel-major (c*H + h)*W + w, exactly a PyTorch NCHW tensor's per-sample memory, so
// reshaping and flattening leave the data as it is: y = x, dx = dy.
#pragma once

#include <vector>

#include "nn/layer.h"

namespace ganscope::nn {

// Views its input as the given per-sample shape, e.g. Reshape({256, 7, 7}) after a Linear
// to 12544 features; the input must have exactly that many.
template <typename T>
class Reshape final : public DiagonalJacobianLayer<T> {  // the identity's tangents
 public:
  explicit Reshape(std::vector<int> dims);
  std::string describe() const override;  // "Reshape(256x7x7)"
  int out_features(int in_features) const override;
  std::string output_shape() const override;
  // x: (n, B) -> y = x: (n, B)
  void forward(const Mat<T>& x, Mat<T>& y) override { y = x; }
  // dx = dy
  void backward(const Mat<T>&, const Mat<T>&, const Mat<T>& dy, Mat<T>* dx, bool) override {
    if (dx) *dx = dy;
  }
  std::unique_ptr<Layer<T>> clone() const override;
  const std::vector<int>& dims() const { return dims_; }

 private:
  std::vector<int> dims_;
};

// Views an image (C x H x W) as flat features. With features > 0 it checks that count.
template <typename T>
class Flatten final : public DiagonalJacobianLayer<T> {
 public:
  explicit Flatten(int features = 0) : features_(features) {}
  std::string describe() const override { return "Flatten"; }
  int out_features(int in_features) const override;
  std::string output_shape() const override {
    return features_ > 0 ? std::to_string(features_) : "";
  }
  // x: (n, B) -> y = x: (n, B)
  void forward(const Mat<T>& x, Mat<T>& y) override { y = x; }
  // dx = dy
  void backward(const Mat<T>&, const Mat<T>&, const Mat<T>& dy, Mat<T>* dx, bool) override {
    if (dx) *dx = dy;
  }
  std::unique_ptr<Layer<T>> clone() const override;

 private:
  int features_;
};

extern template class Reshape<float>;
extern template class Reshape<double>;
extern template class Flatten<float>;
extern template class Flatten<double>;

}  // namespace ganscope::nn
