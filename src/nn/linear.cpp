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
