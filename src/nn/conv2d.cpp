#include "nn/conv2d.h"

#include <cassert>

#include "nn/shape.h"

namespace ganscope::nn {

using Eigen::Index;

template <typename T>
Conv2d<T>::Conv2d(int in_c, int in_h, int in_w, int out_c, int k, int stride, int pad)
    : g_(ConvGeometry::make(in_c, in_h, in_w, k, stride, pad)), out_c_(out_c) {
  if (out_c <= 0) throw std::invalid_argument("Conv2d needs a positive number of output channels");
  w_ = Mat<T>::Zero(out_c, g_.patch_size());
  b_ = Mat<T>::Zero(out_c, 1);
  dw_ = Mat<T>::Zero(out_c, g_.patch_size());
  db_ = Mat<T>::Zero(out_c, 1);
}

template <typename T>
std::string Conv2d<T>::describe() const {
  return "Conv2d(" + std::to_string(g_.channels) + "->" + std::to_string(out_c_) + ", k" +
         std::to_string(g_.k) + ", s" + std::to_string(g_.stride) + ", p" + std::to_string(g_.pad) +
         ")";
}

template <typename T>
int Conv2d<T>::out_features(int in_features) const {
  if (in_features != g_.image_size())
    throw_input_mismatch(describe(), {g_.channels, g_.height, g_.width}, in_features);
  return int(out_c_ * g_.positions());
}

template <typename T>
std::string Conv2d<T>::output_shape() const {
  return shape_text({out_c_, g_.out_h, g_.out_w});
}

// x: (in_c*H*W, B) -> cols = im2col(x): (B*P, in_c*k*k)
// rows = cols W^T: (B*P, out_c), so rows(b*P + p, o) = sum_r W(o, r) x(patch r at p of b)
// y(o*P + p, b) = rows(b*P + p, o) + b(o): (out_c*P, B)
template <typename T>
void Conv2d<T>::forward(const Mat<T>& x, Mat<T>& y) {
  assert(x.rows() == g_.image_size());
  const int B = int(x.cols());
  const Index N = B * g_.positions();
  auto cols = cols_.get(N, g_.patch_size());
  im2col(g_, x.data(), B, cols.data());
  cols_.remember(x.data(), B);
  auto rows = rows_.get(N, out_c_);
  rows.noalias() = cols * w_.transpose();
  y.resize(out_c_ * g_.positions(), B);
  rows_to_channels(rows.data(), out_c_, g_.positions(), B, b_.data(), y.data());
}

// With dR = dy as rows (B*P, out_c), the same GEMM's backward:
//   dW = dR^T cols (out_c, in_c*k*k),  db(o) = sum over rows of dR(:, o),
//   dcols = dR W (B*P, in_c*k*k),  dx = col2im(dcols): every pixel collects the gradient of
//   each patch entry it was copied to.
template <typename T>
void Conv2d<T>::backward(const Mat<T>& x, const Mat<T>&, const Mat<T>& dy, Mat<T>* dx,
                         bool param_grads) {
  const int B = int(dy.cols());
  const Index N = B * g_.positions();
  auto drows = rows_.get(N, out_c_);
  channels_to_rows(dy.data(), out_c_, g_.positions(), B, drows.data());
  auto cols = cols_.get(N, g_.patch_size());
  if (param_grads) {
    if (!cols_.holds(x.data(), B)) im2col(g_, x.data(), B, cols.data());
    if (this->accumulate_grads_) {
      dw_.noalias() += drows.transpose() * cols;
      db_.col(0) += drows.colwise().sum().transpose();
    } else {
      dw_.noalias() = drows.transpose() * cols;
      db_.col(0) = drows.colwise().sum().transpose();
    }
  }
  if (dx) {
    cols.noalias() = drows * w_;  // dcols overwrites im2col(x), which is no longer needed
    cols_.forget();
    dx->resize(g_.image_size(), B);
    col2im(g_, cols.data(), B, static_cast<const T*>(nullptr), dx->data());
  }
}

// As Linear's, with the patches of x and xt: yt = conv(xt) without the bias, and
//   dW += ytbar_rows^T im2col(xt) + ybar_rows^T im2col(x),  db += sums of ybar,
//   xtbar = col2im(ytbar_rows W),  xbar = col2im(ybar_rows W).
// The workspaces are shared with forward and backward; the tangent pass runs after both, so
// it may overwrite them (forget() marks that cols_ no longer holds im2col(x)).
template <typename T>
void Conv2d<T>::tangent_forward(const Mat<T>&, const Mat<T>&, const Mat<T>& xt, Mat<T>& yt) {
  const int B = int(xt.cols());
  const Index N = B * g_.positions();
  auto cols = cols_.get(N, g_.patch_size());
  im2col(g_, xt.data(), B, cols.data());
  cols_.forget();
  auto rows = rows_.get(N, out_c_);
  rows.noalias() = cols * w_.transpose();
  yt.resize(out_c_ * g_.positions(), B);
  rows_to_channels(rows.data(), out_c_, g_.positions(), B, static_cast<const T*>(nullptr),
                   yt.data());
}

template <typename T>
bool Conv2d<T>::tangent_backward(const Mat<T>& x, const Mat<T>&, const Mat<T>& xt,
                                 const Mat<T>* ybar, const Mat<T>& ytbar, Mat<T>* xbar,
                                 Mat<T>* xtbar) {
  const int B = int(ytbar.cols());
  const Index N = B * g_.positions();
  auto drows = rows_.get(N, out_c_);
  auto cols = cols_.get(N, g_.patch_size());
  cols_.forget();
  // One chain at a time through the two workspaces: (input, its adjoint out, its adjoint in).
  const auto chain = [&](const Mat<T>& in, const Mat<T>& out_bar, Mat<T>* in_bar, bool bias) {
    channels_to_rows(out_bar.data(), out_c_, g_.positions(), B, drows.data());
    im2col(g_, in.data(), B, cols.data());
    dw_.noalias() += drows.transpose() * cols;
    if (bias) db_.col(0) += drows.colwise().sum().transpose();
    if (!in_bar) return;
    cols.noalias() = drows * w_;
    in_bar->resize(g_.image_size(), B);
    col2im(g_, cols.data(), B, static_cast<const T*>(nullptr), in_bar->data());
  };
  chain(xt, ytbar, xtbar, false);
  if (!ybar) return false;
  chain(x, *ybar, xbar, true);
  return xbar != nullptr;
}

template <typename T>
std::vector<Param<T>> Conv2d<T>::params() {
  return {{&w_, &dw_, "weight"}, {&b_, &db_, "bias"}};
}

template <typename T>
std::unique_ptr<Layer<T>> Conv2d<T>::clone() const {
  return std::make_unique<Conv2d<T>>(*this);
}

template class Conv2d<float>;
template class Conv2d<double>;

}  // namespace ganscope::nn
