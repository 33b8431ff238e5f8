#include "nn/linear.h"

#include <stdexcept>

namespace ganscope::nn {

template <typename T>
Linear<T>::Linear(int in, int out)
    : in_(in), out_(out), w_(Mat<T>::Zero(out, in)), b_(Mat<T>::Zero(out, 1)),
      dw_(Mat<T>::Zero(out, in)), db_(Mat<T>::Zero(out, 1)) {
  if (in <= 0 || out <= 0) throw std::invalid_argument("Linear needs positive sizes");
}

template <typename T>
std::string Linear<T>::describe() const {
  return "Linear(" + std::to_string(in_) + " -> " + std::to_string(out_) + ")";
}

template <typename T>
int Linear<T>::out_features(int in_features) const {
  if (in_features != in_)
    throw std::invalid_argument(describe() + " expects " + std::to_string(in_) +
                                " inputs but gets " + std::to_string(in_features));
  return out_;
}

// x: (in, B), W: (out, in) -> y: (out, B)
template <typename T>
void Linear<T>::forward(const Mat<T>& x, Mat<T>& y) {
  y.resize(out_, x.cols());
  y.noalias() = w_ * x;
  y.colwise() += b_.col(0);
}

// dW = dy x^T (out, in); db = sum over the batch of dy (out, 1); dx = W^T dy (in, B).
template <typename T>
void Linear<T>::backward(const Mat<T>& x, const Mat<T>&, const Mat<T>& dy, Mat<T>* dx,
                         bool param_grads) {
  if (param_grads && this->accumulate_grads_) {
    dw_.noalias() += dy * x.transpose();
    db_.col(0) += dy.rowwise().sum();
  } else if (param_grads) {
    dw_.noalias() = dy * x.transpose();
    db_.col(0) = dy.rowwise().sum();
  }
  if (dx) {
    dx->resize(in_, dy.cols());
    dx->noalias() = w_.transpose() * dy;
  }
}

// The bias does not move with x: yt = W xt. Both chains are linear in W:
//   dW += ytbar xt^T + ybar x^T,  db += sum of ybar,  xtbar = W^T ytbar,  xbar = W^T ybar.
template <typename T>
void Linear<T>::tangent_forward(const Mat<T>&, const Mat<T>&, const Mat<T>& xt, Mat<T>& yt) {
  yt.resize(out_, xt.cols());
  yt.noalias() = w_ * xt;
}

template <typename T>
bool Linear<T>::tangent_backward(const Mat<T>& x, const Mat<T>&, const Mat<T>& xt,
                                 const Mat<T>* ybar, const Mat<T>& ytbar, Mat<T>* xbar,
                                 Mat<T>* xtbar) {
  dw_.noalias() += ytbar * xt.transpose();
  if (xtbar) {
    xtbar->resize(in_, ytbar.cols());
    xtbar->noalias() = w_.transpose() * ytbar;
  }
  if (!ybar) return false;
  dw_.noalias() += *ybar * x.transpose();
  db_.col(0) += ybar->rowwise().sum();
  if (!xbar) return false;
  xbar->resize(in_, ybar->cols());
  xbar->noalias() = w_.transpose() * *ybar;
  return true;
}

template <typename T>
std::vector<Param<T>> Linear<T>::params() {
  return {{&w_, &dw_, "weight"}, {&b_, &db_, "bias"}};
}

template <typename T>
std::unique_ptr<Layer<T>> Linear<T>::clone() const {
  return std::make_unique<Linear<T>>(*this);
}

template class Linear<float>;
template class Linear<double>;

}  // namespace ganscope::nn
