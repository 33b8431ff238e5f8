// 2D transposed convolution with bias, as PyTorch's nn.ConvTranspose2d (square kernel, any
// stride and padding, no output padding): the adjoint of Conv2d's linear map, so the same
// im2col / col2im pair runs the other way round.
#pragma once

#include "nn/im2col.h"
#include "nn/layer.h"
#include "nn/workspace.h"

namespace ganscope::nn {

template <typename T>
class ConvTranspose2d final : public Layer<T> {
 public:
  // x: in_c x in_h x in_w per sample -> y: out_c x out_h x out_w,
  // out = (in - 1) stride - 2 pad + k.
  ConvTranspose2d(int in_c, int in_h, int in_w, int out_c, int k, int stride = 1, int pad = 0);

  std::string describe() const override;  // "ConvTranspose2d(128->64, k4, s2, p1)"
  int out_features(int in_features) const override;
  std::string output_shape() const override;
  void forward(const Mat<T>& x, Mat<T>& y) override;
  void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                bool param_grads) override;
  std::vector<Param<T>> params() override;
  std::unique_ptr<Layer<T>> clone() const override;
  double macs_per_sample() const override {
    return double(in_c_) * g_.positions() * double(g_.patch_size());
  }

  // The Conv2d geometry this is the adjoint of: its image is our output, its positions our input.
  const ConvGeometry& geometry() const { return g_; }
  int in_channels() const { return in_c_; }
  int out_channels() const { return g_.channels; }
  int out_h() const { return g_.height; }
  int out_w() const { return g_.width; }
  Mat<T>& weight() { return w_; }  // (in_c, out_c*k*k): PyTorch's (in_c, out_c, k, k) flattened
  Mat<T>& bias() { return b_; }

 private:
  int in_c_;
  ConvGeometry g_;
  Mat<T> w_, b_;  // W: (in_c, out_c*k*k), b: (out_c, 1)
  Mat<T> dw_, db_;
  Workspace<T> rows_;  // x as rows (B*P, in_c), kept from forward for dW; then dx as rows
  Workspace<T> cols_;  // (B*P, out_c*k*k): W^T x in forward, im2col(dy) in backward
};

extern template class ConvTranspose2d<float>;
extern template class ConvTranspose2d<double>;

}  // namespace ganscope::nn
