// The output of a projection discriminator (Miyato and Koyama 2018, "cGANs with Projection
// Discriminator"): D(x, y) = w . phi(x) + b + v_y . phi(x) + c_y, for features phi(x) and the
// sample's class y. The layer before it is a Linear(F -> 1 + K [+ K]) whose row 0 is
// w . phi + b and row 1 + k is v_k . phi + c_k; this layer adds row 0 to the row of the
// sample's class:
//   out_i = x(0, i) + sum_k onehot(k, i) x(1 + k, i).
// With class logits, rows 1 + K ... 2K are an auxiliary classifier's logits (AC-GAN, Odena et
// al. 2017), which the output does not read: the trainer takes them from this layer's input,
// and hands their loss's gradient over before the backward pass that should carry it.
// The labels are an input the layer does not compute, so they are set before each pass
// (set_labels); it has no parameters. Being linear in x (for given labels), its tangent map is
// its forward pass and both adjoints pass back through its backward, with no curvature.
#pragma once

#include <vector>

#include "nn/layer.h"

namespace ganscope::nn {

template <typename T>
class ClassProjection final : public Layer<T> {
 public:
  ClassProjection(int classes, bool class_logits);
  std::string describe() const override;
  int out_features(int in_features) const override;
  int in_features() const { return 1 + classes_ * (class_logits_ ? 2 : 1); }
  // The labels of the next passes' samples as one-hot columns: onehot(k, i) at
  // data[k + i * stride], for k < classes and i < cols (the bottom rows of G's input, say).
  // Copied into a buffer that only grows, so that alternating widths allocate nothing.
  void set_labels(const T* data, Eigen::Index stride, Eigen::Index cols);
  template <typename Block>
  void set_labels(const Block& onehot) {
    set_labels(onehot.data(), onehot.outerStride(), onehot.cols());
  }
  // dL/d(class logits) (classes x B) for the next backward only, which then forgets it; without
  // one the class logits get no gradient.
  void set_class_logit_grad(const Mat<T>& grad);
  void forward(const Mat<T>& x, Mat<T>& y) override;
  void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                bool param_grads) override;
  std::unique_ptr<Layer<T>> clone() const override;
  int classes() const { return classes_; }
  bool has_class_logits() const { return class_logits_; }

  bool has_tangent() const override { return true; }
  void tangent_forward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, Mat<T>& yt) override;
  bool tangent_backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, const Mat<T>* ybar,
                        const Mat<T>& ytbar, Mat<T>* xbar, Mat<T>* xtbar) override;

 private:
  Eigen::Map<const Mat<T>> onehot(Eigen::Index cols) const;
  // dx from dy, and the class logits' gradient when one was handed over.
  void pass_back(const Mat<T>& x, const Mat<T>& dy, Mat<T>& dx, const Mat<T>* class_grad) const;

  int classes_;
  bool class_logits_;
  std::vector<T> labels_;  // classes_ x label_cols_, column-major
  Eigen::Index label_cols_ = 0;
  Mat<T> class_grad_;
  bool has_class_grad_ = false;
};

extern template class ClassProjection<float>;
extern template class ClassProjection<double>;

}  // namespace ganscope::nn
