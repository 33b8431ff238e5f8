#include "nn/class_projection.h"

#include <stdexcept>

namespace ganscope::nn {

using Eigen::Index;

template <typename T>
ClassProjection<T>::ClassProjection(int classes, bool class_logits)
    : classes_(classes), class_logits_(class_logits) {
  if (classes < 2) throw std::invalid_argument("ClassProjection needs at least 2 classes");
}

template <typename T>
std::string ClassProjection<T>::describe() const {
  const std::string k = std::to_string(classes_);
  return "ClassProjection(1+" + k + (class_logits_ ? "+" + k : "") + " -> 1)";
}

template <typename T>
int ClassProjection<T>::out_features(int in_features) const {
  if (in_features != this->in_features())
    throw std::invalid_argument(describe() + " expects " + std::to_string(this->in_features()) +
                                " inputs but gets " + std::to_string(in_features));
  return 1;
}

template <typename T>
void ClassProjection<T>::set_labels(const T* data, Index stride, Index cols) {
  if (std::size_t(classes_ * cols) > labels_.size()) labels_.resize(std::size_t(classes_ * cols));
  for (Index i = 0; i < cols; ++i)
    for (Index k = 0; k < classes_; ++k) labels_[std::size_t(k + i * classes_)] = data[k + i * stride];
  label_cols_ = cols;
}

template <typename T>
void ClassProjection<T>::set_class_logit_grad(const Mat<T>& grad) {
  if (!class_logits_ || grad.rows() != classes_)
    throw std::logic_error(describe() + ": a class-logit gradient it has no rows for");
  class_grad_ = grad;  // the same size each step: no allocation
  has_class_grad_ = true;
}

template <typename T>
Eigen::Map<const Mat<T>> ClassProjection<T>::onehot(Index cols) const {
  if (cols != label_cols_)
    throw std::logic_error(describe() + ": labels for " + std::to_string(label_cols_) +
                           " samples, a pass of " + std::to_string(cols));
  return Eigen::Map<const Mat<T>>(labels_.data(), classes_, cols);
}

template <typename T>
void ClassProjection<T>::forward(const Mat<T>& x, Mat<T>& y) {
  const auto labels = onehot(x.cols());
  y.resize(1, x.cols());
  y = x.row(0) + x.middleRows(1, classes_).cwiseProduct(labels).colwise().sum();
}

// dx(0, i) = dy_i, dx(1 + k, i) = onehot(k, i) dy_i, and the class logits' rows their own.
template <typename T>
void ClassProjection<T>::pass_back(const Mat<T>& x, const Mat<T>& dy, Mat<T>& dx,
                                   const Mat<T>* class_grad) const {
  const auto labels = onehot(x.cols());
  dx.resize(in_features(), x.cols());
  dx.row(0) = dy;
  dx.middleRows(1, classes_) = labels.cwiseProduct(dy.replicate(classes_, 1));
  if (!class_logits_) return;
  if (class_grad && class_grad->cols() == x.cols()) dx.bottomRows(classes_) = *class_grad;
  else dx.bottomRows(classes_).setZero();
}

template <typename T>
void ClassProjection<T>::backward(const Mat<T>& x, const Mat<T>&, const Mat<T>& dy, Mat<T>* dx, bool) {
  const bool handed = has_class_grad_;
  has_class_grad_ = false;
  if (dx) pass_back(x, dy, *dx, handed ? &class_grad_ : nullptr);
}

// The penalties differentiate D's output alone, which the class logits are not part of.
template <typename T>
void ClassProjection<T>::tangent_forward(const Mat<T>&, const Mat<T>&, const Mat<T>& xt, Mat<T>& yt) {
  forward(xt, yt);
}

template <typename T>
bool ClassProjection<T>::tangent_backward(const Mat<T>& x, const Mat<T>&, const Mat<T>&,
                                          const Mat<T>* ybar, const Mat<T>& ytbar, Mat<T>* xbar,
                                          Mat<T>* xtbar) {
  if (xtbar) pass_back(x, ytbar, *xtbar, nullptr);
  if (!ybar || !xbar) return false;
  pass_back(x, *ybar, *xbar, nullptr);
  return true;
}

template <typename T>
std::unique_ptr<Layer<T>> ClassProjection<T>::clone() const {
  return std::make_unique<ClassProjection<T>>(*this);
}

template class ClassProjection<float>;
template class ClassProjection<double>;

}  // namespace ganscope::nn
