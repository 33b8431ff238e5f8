// 2D convolution with bias over channel-major images, as PyTorch's nn.Conv2d (square kernel,
// any stride and zero padding): im2col over the whole batch, then one GEMM.
#pragma once

#include "nn/im2col.h"
#include "nn/layer.h"
#include "nn/workspace.h"

namespace ganscope::nn {

template <typename T>
class Conv2d final : public Layer<T> {
 public:
  // x: in_c x in_h x in_w per sample -> y: out_c x out_h x out_w,
  // out = (in + 2 pad - k) / stride + 1.
  Conv2d(int in_c, int in_h, int in_w, int out_c, int k, int stride = 1, int pad = 0);

  std::string describe() const override;  // "Conv2d(1->64, k4, s2, p1)"
  int out_features(int in_features) const override;
  std::string output_shape() const override;
  void forward(const Mat<T>& x, Mat<T>& y) override;
  void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                bool param_grads) override;
  bool has_tangent() const override { return true; }
  void tangent_forward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, Mat<T>& yt) override;
  bool tangent_backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt, const Mat<T>* ybar,
                        const Mat<T>& ytbar, Mat<T>* xbar, Mat<T>* xtbar) override;
  std::vector<Param<T>> params() override;
  std::unique_ptr<Layer<T>> clone() const override;
  double macs_per_sample() const override {
    return double(out_c_) * g_.positions() * double(g_.patch_size());
  }

  const ConvGeometry& geometry() const { return g_; }
  int in_channels() const { return g_.channels; }
  int out_channels() const { return out_c_; }
  int out_h() const { return g_.out_h; }
  int out_w() const { return g_.out_w; }
  Mat<T>& weight() { return w_; }  // (out_c, in_c*k*k): PyTorch's (out_c, in_c, k, k) flattened
  Mat<T>& bias() { return b_; }

 private:
  ConvGeometry g_;  // the input image and the kernel's positions over it
  int out_c_;
  Mat<T> w_, b_;  // W: (out_c, in_c*k*k), b: (out_c, 1)
  Mat<T> dw_, db_;
  Workspace<T> cols_;  // im2col(x): (B*P, in_c*k*k), kept from forward for dW; then dcols
  Workspace<T> rows_;  // the GEMM's output (B*P, out_c) in forward, dy as rows in backward
};

extern template class Conv2d<float>;
extern template class Conv2d<double>;

}  // namespace ganscope::nn
