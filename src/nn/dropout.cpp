#include "nn/dropout.h"

#include <cstdio>
#include <stdexcept>

namespace ganscope::nn {

template <typename T>
Dropout<T>::Dropout(double p, std::uint64_t seed) : p_(p), rng_(seed) {
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("Dropout needs 0 <= p <= 1");
}

template <typename T>
std::string Dropout<T>::describe() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "Dropout(%g)", p_);
  return buf;
}

// x: (n, B) -> y = x .* mask, mask = 1/(1-p) with probability 1 - p, else 0 (p = 1: all 0)
template <typename T>
void Dropout<T>::forward(const Mat<T>& x, Mat<T>& y) {
  masked_ = training_ && p_ > 0;
  if (!masked_) {
    y = x;
    return;
  }
  if (!frozen_ || mask_.rows() != x.rows() || mask_.cols() != x.cols()) {
    mask_.resize(x.rows(), x.cols());
    const T keep = p_ < 1 ? T(1 / (1 - p_)) : T(0);
    const float threshold = float(p_);
    T* m = mask_.data();
    for (Eigen::Index i = 0; i < mask_.size(); ++i)
      m[i] = rng_.uniform() >= threshold ? keep : T(0);
  }
  y.resize(x.rows(), x.cols());
  y.array() = x.array() * mask_.array();
}

// dx = dy .* mask (dy in evaluation mode)
template <typename T>
void Dropout<T>::backward(const Mat<T>&, const Mat<T>&, const Mat<T>& dy, Mat<T>* dx, bool) {
  if (!dx) return;
  if (!masked_) {
    *dx = dy;
    return;
  }
  dx->resize(dy.rows(), dy.cols());
  dx->array() = dy.array() * mask_.array();
}

template <typename T>
std::unique_ptr<Layer<T>> Dropout<T>::clone() const {
  return std::make_unique<Dropout<T>>(*this);
}

template class Dropout<float>;
template class Dropout<double>;

}  // namespace ganscope::nn
