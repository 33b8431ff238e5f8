#include "nn/conv_transpose2d.h"

#include <cassert>

#include "nn/shape.h"

namespace ganscope::nn {

using Eigen::Index;

namespace {

ConvGeometry transposed_geometry(int in_c, int in_h, int in_w, int out_c, int k, int stride,
                                 int pad) {
  if (in_c <= 0 || in_h <= 0 || in_w <= 0 || out_c <= 0 || k <= 0 || stride <= 0 || pad < 0)
    throw std::invalid_argument(
        "ConvTranspose2d needs positive sizes, kernel and stride, and padding >= 0");
  const int out_h = (in_h - 1) * stride - 2 * pad + k, out_w = (in_w - 1) * stride - 2 * pad + k;
  if (out_h <= 0 || out_w <= 0)
    throw std::invalid_argument("ConvTranspose2d: padding " + std::to_string(pad) +
                                " leaves no output");
  ConvGeometry g = ConvGeometry::make(out_c, out_h, out_w, k, stride, pad);
  assert(g.out_h == in_h && g.out_w == in_w);
  return g;
}

}  // namespace

template <typename T>
ConvTranspose2d<T>::ConvTranspose2d(int in_c, int in_h, int in_w, int out_c, int k, int stride,
                                    int pad)
    : in_c_(in_c), g_(transposed_geometry(in_c, in_h, in_w, out_c, k, stride, pad)) {
  w_ = Mat<T>::Zero(in_c, g_.patch_size());
  b_ = Mat<T>::Zero(out_c, 1);
  dw_ = Mat<T>::Zero(in_c, g_.patch_size());
  db_ = Mat<T>::Zero(out_c, 1);
}

template <typename T>
std::string ConvTranspose2d<T>::describe() const {
  return "ConvTranspose2d(" + std::to_string(in_c_) + "->" + std::to_string(g_.channels) + ", k" +
         std::to_string(g_.k) + ", s" + std::to_string(g_.stride) + ", p" + std::to_string(g_.pad) +
         ")";
}

template <typename T>
int ConvTranspose2d<T>::out_features(int in_features) const {
  if (in_features != in_c_ * g_.positions())
    throw_input_mismatch(describe(), {in_c_, g_.out_h, g_.out_w}, in_features);
  return int(g_.image_size());
}

template <typename T>
std::string ConvTranspose2d<T>::output_shape() const {
  return shape_text({g_.channels, g_.height, g_.width});
}

// x: (in_c*P, B) with P = in_h*in_w, as rows X: (B*P, in_c)
// cols = X W: (B*P, out_c*k*k), each input pixel's contribution to the k x k window it feeds
// y = col2im(cols) + b: (out_c*out_h*out_w, B), overlapping windows summed
template <typename T>
void ConvTranspose2d<T>::forward(const Mat<T>& x, Mat<T>& y) {
  assert(x.rows() == in_c_ * g_.positions());
  const int B = int(x.cols());
  const Index N = B * g_.positions();
  auto rows = rows_.get(N, in_c_);
  channels_to_rows(x.data(), in_c_, g_.positions(), B, rows.data());
  rows_.remember(x.data(), B);
  auto cols = cols_.get(N, g_.patch_size());
  cols.noalias() = rows * w_;
  y.resize(g_.image_size(), B);
  col2im(g_, cols.data(), B, b_.data(), y.data());
}

// col2im's adjoint is im2col, so dcols = im2col(dy): (B*P, out_c*k*k), and then
//   dW = X^T dcols (in_c, out_c*k*k),  dX = dcols W^T (B*P, in_c) -> dx: (in_c*P, B),
//   db(o) = sum of dy over the batch and the out_h x out_w plane of channel o.
template <typename T>
void ConvTranspose2d<T>::backward(const Mat<T>& x, const Mat<T>&, const Mat<T>& dy, Mat<T>* dx,
                                  bool param_grads) {
  const int B = int(dy.cols());
  const Index N = B * g_.positions(), plane = Index(g_.height) * g_.width;
  auto dcols = cols_.get(N, g_.patch_size());
  im2col(g_, dy.data(), B, dcols.data());
  auto rows = rows_.get(N, in_c_);
  if (param_grads) {
    if (!rows_.holds(x.data(), B))
      channels_to_rows(x.data(), in_c_, g_.positions(), B, rows.data());
    if (this->accumulate_grads_) {
      dw_.noalias() += rows.transpose() * dcols;
    } else {
      dw_.noalias() = rows.transpose() * dcols;
      db_.setZero();
    }
    for (int b = 0; b < B; ++b)
      db_.col(0) += Eigen::Map<const Mat<T>>(dy.col(b).data(), plane, g_.channels)
                        .colwise()
                        .sum()
                        .transpose();
  }
  if (dx) {
    rows.noalias() = dcols * w_.transpose();  // dX overwrites X, which is no longer needed
    rows_.forget();
    dx->resize(in_c_ * g_.positions(), B);
    rows_to_channels(rows.data(), in_c_, g_.positions(), B, static_cast<const T*>(nullptr),
                     dx->data());
  }
}

template <typename T>
std::vector<Param<T>> ConvTranspose2d<T>::params() {
  return {{&w_, &dw_, "weight"}, {&b_, &db_, "bias"}};
}

template <typename T>
std::unique_ptr<Layer<T>> ConvTranspose2d<T>::clone() const {
  return std::make_unique<ConvTranspose2d<T>>(*this);
}

template class ConvTranspose2d<float>;
template class ConvTranspose2d<double>;

}  // namespace ganscope::nn
