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
  // Not Eigen's select(): Eigen 3.4 evaluates select one scalar at a time with a branch, which
  // mispredicts on every other sign and made this layer 9% of a dcgan step. max(x, 0) +
  // s min(x, 0) is exactly x or s x (one term is 0) and vectorises.
  y.array() = x.array().max(T(0)) + slope_ * x.array().min(T(0));
}

template <typename T>
void LeakyReLU<T>::backward(const Mat<T>& x, const Mat<T>&, const Mat<T>& dy, Mat<T>* dx,
                            bool) {
  if (!dx) return;
  dx->resize(x.rows(), x.cols());
  // The factor is a choice between two constants, which GCC turns into a vector blend, as long
  // as it is a named value: written inline, GCC folds dy * 1 into a branch and stays scalar.
  const T s = slope_;
  const T* in = x.data();
  const T* g = dy.data();
  T* out = dx->data();
  const Eigen::Index n = x.size();
  for (Eigen::Index i = 0; i < n; ++i) {
    const T factor = in[i] > T(0) ? T(1) : s;
    out[i] = g[i] * factor;
  }
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

// A smooth elementwise f with f' = d1 and f'' = d2 (arrays the size of x):
//   yt = d1 xt,  xtbar = d1 ytbar,  xbar = d1 ybar + d2 xt ytbar
// (the second term is the curvature that couples the tangent chain back into the primal).
template <typename T, typename D1, typename D2>
static bool smooth_tangent_backward(const D1& d1, const D2& d2, const Mat<T>& xt,
                                    const Mat<T>* ybar, const Mat<T>& ytbar, Mat<T>* xbar,
                                    Mat<T>* xtbar) {
  if (xtbar) {
    xtbar->resize(ytbar.rows(), ytbar.cols());
    xtbar->array() = d1 * ytbar.array();
  }
  if (!xbar) return false;
  xbar->resize(ytbar.rows(), ytbar.cols());
  xbar->array() = d2 * xt.array() * ytbar.array();
  if (ybar) xbar->array() += d1 * ybar->array();
  return true;
}

// tanh' = 1 - y^2, tanh'' = -2 y (1 - y^2).
template <typename T>
void Tanh<T>::tangent_forward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, Mat<T>& yt) {
  backward(x, y, xt, &yt, false);
}

template <typename T>
bool Tanh<T>::tangent_backward(const Mat<T>&, const Mat<T>& y, const Mat<T>& xt,
                               const Mat<T>* ybar, const Mat<T>& ytbar, Mat<T>* xbar,
                               Mat<T>* xtbar) {
  const auto d1 = T(1) - y.array().square();
  return smooth_tangent_backward<T>(d1, T(-2) * y.array() * d1, xt, ybar, ytbar, xbar, xtbar);
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

// sigmoid' = y (1 - y), sigmoid'' = y (1 - y) (1 - 2 y).
template <typename T>
void Sigmoid<T>::tangent_forward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt,
                                 Mat<T>& yt) {
  backward(x, y, xt, &yt, false);
}

template <typename T>
bool Sigmoid<T>::tangent_backward(const Mat<T>&, const Mat<T>& y, const Mat<T>& xt,
                                  const Mat<T>* ybar, const Mat<T>& ytbar, Mat<T>* xbar,
                                  Mat<T>* xtbar) {
  const auto d1 = y.array() * (T(1) - y.array());
  return smooth_tangent_backward<T>(d1, d1 * (T(1) - T(2) * y.array()), xt, ybar, ytbar, xbar,
                                    xtbar);
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
