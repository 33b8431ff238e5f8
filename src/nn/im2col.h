// The data movement behind Conv2d and ConvTranspose2d: im2col, its adjoint col2im, and the
// transposes between a batch of feature maps and the "rows" layout a batch-wide GEMM produces.
//
// Layouts (every matrix column-major):
//   image batch  img:  (C*H*W, B), sample b's pixel (c, h, w) at row (c*H + h)*W + w
//                      (per sample exactly the memory of a PyTorch NCHW tensor)
//   columns      cols: (B*P, C*k*k), P = out_h*out_w patch positions; row b*P + oh*out_w + ow,
//                      column (c*k + kh)*k + kw holds img(c, oh*s - pad + kh, ow*s - pad + kw)
//                      (0 in the padding). The column index is PyTorch's weight order
//                      (c, kh, kw), so a conv is rows = cols * W^T with W: (out_c, C*k*k).
//   feature rows rows: (B*P, C), rows(b*P + p, c) = fmap(c*P + p, b)
// Each sample's part of every column is a contiguous run of P values, so im2col writes and
// col2im reads contiguously, and for stride 1 reads contiguously too (Caffe's order).
// Every function runs its samples in parallel (OpenMP) when the work is large enough; each
// sample writes only its own part, so there are no races.
#pragma once

#include "nn/tensor.h"

namespace ganscope::nn {

// A convolution's geometry seen from the image side: an image of channels x height x width,
// a k x k kernel moved with stride and zero padding over out_h x out_w positions.
struct ConvGeometry {
  int channels = 0, height = 0, width = 0;
  int k = 1, stride = 1, pad = 0;
  int out_h = 0, out_w = 0;

  // out = (in + 2 pad - k) / stride + 1, as PyTorch (a last partial window is dropped).
  static ConvGeometry make(int channels, int height, int width, int k, int stride, int pad);
  Eigen::Index image_size() const { return Eigen::Index(channels) * height * width; }
  Eigen::Index positions() const { return Eigen::Index(out_h) * out_w; }
  Eigen::Index patch_size() const { return Eigen::Index(channels) * k * k; }
};

// img: (C*H*W, batch) -> cols: (batch*P, C*k*k), every entry written.
template <typename T>
void im2col(const ConvGeometry& g, const T* img, int batch, T* cols);

// The adjoint: cols: (batch*P, C*k*k) -> img: (C*H*W, batch), each pixel the sum of every
// column entry that im2col would have copied from it, plus bias[c] when bias is not null.
template <typename T>
void col2im(const ConvGeometry& g, const T* cols, int batch, const T* bias, T* img);

// fmap: (C*P, batch) -> rows: (batch*P, C)
template <typename T>
void channels_to_rows(const T* fmap, int channels, Eigen::Index positions, int batch, T* rows);

// rows: (batch*P, C) -> fmap: (C*P, batch), adding bias[c] when bias is not null.
template <typename T>
void rows_to_channels(const T* rows, int channels, Eigen::Index positions, int batch, const T* bias,
                      T* fmap);

}  // namespace ganscope::nn
