// Maxout (Goodfellow et al. 2013): the features fall into groups of k neighbours
// (j*k ... j*k + k - 1) and each group gives its maximum, so out = in / k. In PyTorch terms:
// x.view(B, in / k, k).max(dim=2).
#pragma once

#include "nn/layer.h"

namespace ganscope::nn {

template <typename T>
class Maxout final : public Layer<T> {
 public:
  explicit Maxout(int k);
  std::string describe() const override { return "Maxout(" + std::to_string(k_) + ")"; }
  int out_features(int in_features) const override;
  void forward(const Mat<T>& x, Mat<T>& y) override;
  void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                bool param_grads) override;
  std::unique_ptr<Layer<T>> clone() const override;
  int k() const { return k_; }

 private:
  int k_;
};

extern template class Maxout<float>;
extern template class Maxout<double>;

}  // namespace ganscope::nn
