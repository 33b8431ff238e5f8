#include "nn/activations.h"

#include <cstdio>

namespace ganscope::nn {

template <typename T>
std::string LeakyReLU<T>::describe() const {
  if (slope_ == T(0)) return "ReLU";
  char buf[48];
  std::snprintf(buf, sizeof buf, "LeakyReLU(%g)", double(slope_));
  return buf;
}

template <typename T>
void LeakyReLU<T>::forward(const Mat<T>& x, Mat<T>& y) {
  y.resize(x.rows(), x.cols());
  y.array() = (x.array() > T(0)).select(x.array(), slope_ * x.array());
}

template <typename T>
void LeakyReLU<T>::backward(const Mat<T>& x, const Mat<T>&, const Mat<T>& dy, Mat<T>* dx,
                            bool) {
  if (!dx) return;
  dx->resize(x.rows(), x.cols());
  dx->array() = (x.array() > T(0)).select(dy.array(), slope_ * dy.array());
}

template <typename T>
std::unique_ptr<Layer<T>> LeakyReLU<T>::clone() const {
  return std::make_unique<LeakyReLU<T>>(*this);
}

template <typename T>
void Tanh<T>::forward(const Mat<T>& x, Mat<T>& y) {
  y.resize(x.rows(), x.cols());
  y.array() = x.array().tanh();
}

template <typename T>
void Tanh<T>::backward(const Mat<T>&, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx, bool) {
  if (!dx) return;
  dx->resize(y.rows(), y.cols());
  dx->array() = dy.array() * (T(1) - y.array().square());
}

template <typename T>
std::unique_ptr<Layer<T>> Tanh<T>::clone() const {
  return std::make_unique<Tanh<T>>(*this);
}

template <typename T>
void Sigmoid<T>::forward(const Mat<T>& x, Mat<T>& y) {
  y.resize(x.rows(), x.cols());
  y.array() = x.array().logistic();
}

template <typename T>
void Sigmoid<T>::backward(const Mat<T>&, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                          bool) {
  if (!dx) return;
  dx->resize(y.rows(), y.cols());
  dx->array() = dy.array() * y.array() * (T(1) - y.array());
}

template <typename T>
std::unique_ptr<Layer<T>> Sigmoid<T>::clone() const {
  return std::make_unique<Sigmoid<T>>(*this);
}

template class LeakyReLU<float>;
template class LeakyReLU<double>;
template class Tanh<float>;
template class Tanh<double>;
template class Sigmoid<float>;
template class Sigmoid<double>;

}  // namespace ganscope::nn
