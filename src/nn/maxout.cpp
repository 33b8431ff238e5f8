#include "nn/maxout.h"

#include <stdexcept>

namespace ganscope::nn {

using Eigen::Index;

template <typename T>
Maxout<T>::Maxout(int k) : k_(k) {
  if (k < 1) throw std::invalid_argument("Maxout needs k >= 1");
}

template <typename T>
int Maxout<T>::out_features(int in_features) const {
  if (in_features % k_ != 0)
    throw std::invalid_argument(describe() + " expects a multiple of " + std::to_string(k_) +
                                " inputs but gets " + std::to_string(in_features));
  return in_features / k_;
}

// x: (out*k, B) -> y: (out, B), y(j, b) = max_i x(j*k + i, b). Sample b seen as (k, out):
// group j is column j, so this is a column-wise max.
template <typename T>
void Maxout<T>::forward(const Mat<T>& x, Mat<T>& y) {
  const Index out = x.rows() / k_;
  y.resize(out, x.cols());
  for (Index b = 0; b < x.cols(); ++b)
    y.col(b) = Eigen::Map<const Mat<T>>(x.col(b).data(), k_, out).colwise().maxCoeff().transpose();
}

// dx(j*k + i) = dy(j) for the i that gave the maximum, 0 for the others. The winner is found
// again as the first x in the group equal to y (y is a copy of it); at a tie the gradient
// has no unique value, and this gives it all to the first.
template <typename T>
void Maxout<T>::backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx, bool) {
  if (!dx) return;
  const Index out = y.rows();
  dx->setZero(x.rows(), x.cols());
  for (Index b = 0; b < x.cols(); ++b) {
    const T* xs = x.col(b).data();
    T* d = dx->col(b).data();
    for (Index j = 0; j < out; ++j) {
      Index i = 0;
      while (i + 1 < k_ && xs[j * k_ + i] != y(j, b)) ++i;
      d[j * k_ + i] = dy(j, b);
    }
  }
}

template <typename T>
std::unique_ptr<Layer<T>> Maxout<T>::clone() const {
  return std::make_unique<Maxout<T>>(*this);
}

template class Maxout<float>;
template class Maxout<double>;

}  // namespace ganscope::nn
