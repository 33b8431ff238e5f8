#include "nn/im2col.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "nn/threads.h"

namespace ganscope::nn {

using Eigen::Index;

ConvGeometry ConvGeometry::make(int channels, int height, int width, int k, int stride, int pad) {
  if (channels <= 0 || height <= 0 || width <= 0 || k <= 0 || stride <= 0 || pad < 0)
    throw std::invalid_argument(
        "convolution needs positive sizes, kernel and stride, and padding >= 0");
  if (height + 2 * pad < k || width + 2 * pad < k)
    throw std::invalid_argument("a " + std::to_string(k) + "x" + std::to_string(k) +
                                " kernel does not fit a padded " + std::to_string(height) + "x" +
                                std::to_string(width) + " image");
  ConvGeometry g;
  g.channels = channels;
  g.height = height;
  g.width = width;
  g.k = k;
  g.stride = stride;
  g.pad = pad;
  g.out_h = (height + 2 * pad - k) / stride + 1;
  g.out_w = (width + 2 * pad - k) / stride + 1;
  return g;
}

namespace {

// Below this many values moved, a parallel region costs more than it saves.
constexpr Index kParallelMin = Index(1) << 15;

// The output columns ow whose input column iw = ow*s + kw - pad lies inside [0, W): [lo, hi).
struct ValidRange {
  int lo, hi;
};
ValidRange valid_columns(const ConvGeometry& g, int kw) {
  auto ceil_div = [](int a, int b) { return a <= 0 ? 0 : (a + b - 1) / b; };
  int lo = std::min(ceil_div(g.pad - kw, g.stride), g.out_w);
  int hi = std::max(lo, std::min(ceil_div(g.width + g.pad - kw, g.stride), g.out_w));
  return {lo, hi};
}

}  // namespace

template <typename T>
void im2col(const ConvGeometry& g, const T* img, int batch, T* cols) {
  const Index P = g.positions(), N = Index(batch) * P, plane = Index(g.height) * g.width;
  const int s = g.stride;
  // Channel-major: item (c, b) copies one plane into the k*k columns of channel c at sample
  // b's offset, so consecutive items write consecutive runs of the same k*k columns (k*k
  // write streams). Sample-major order had C*k*k streams (1,024 for dcgan's second conv),
  // each touching a different page per sample, and spent its time in TLB misses.
  parallel_for(g.channels * batch, worth_parallel(N * g.patch_size(), kParallelMin), [&](int item) {
    const int c = item / batch, b = item % batch;
    const T* src = img + Index(b) * g.image_size() + c * plane;
    for (int kh = 0; kh < g.k; ++kh)
      for (int kw = 0; kw < g.k; ++kw) {
        const Index r = (Index(c) * g.k + kh) * g.k + kw;
        const ValidRange v = valid_columns(g, kw);
        T* dst = cols + r * N + Index(b) * P;
        for (int oh = 0; oh < g.out_h; ++oh, dst += g.out_w) {
          const int ih = oh * s - g.pad + kh;
          if (ih < 0 || ih >= g.height) {
            std::fill(dst, dst + g.out_w, T(0));
            continue;
          }
          const T* row = src + Index(ih) * g.width;
          const int shift = kw - g.pad;  // iw = ow*s + shift
          std::fill(dst, dst + v.lo, T(0));
          if (s == 1 && v.hi > v.lo)
            std::memcpy(dst + v.lo, row + v.lo + shift, sizeof(T) * (v.hi - v.lo));
          else
            for (int ow = v.lo; ow < v.hi; ++ow) dst[ow] = row[ow * s + shift];
          std::fill(dst + v.hi, dst + g.out_w, T(0));
        }
      }
  });
}

template <typename T>
void col2im(const ConvGeometry& g, const T* cols, int batch, const T* bias, T* img) {
  const Index P = g.positions(), N = Index(batch) * P, plane = Index(g.height) * g.width;
  const int s = g.stride;
  // Channel-major like im2col: item (c, b) owns plane c of sample b, which only the k*k
  // columns of channel c feed, so items never write the same pixel.
  parallel_for(g.channels * batch, worth_parallel(N * g.patch_size(), kParallelMin), [&](int item) {
    const int c = item / batch, b = item % batch;
    T* dst = img + Index(b) * g.image_size() + c * plane;
    std::fill(dst, dst + plane, bias ? bias[c] : T(0));
    for (int kh = 0; kh < g.k; ++kh)
      for (int kw = 0; kw < g.k; ++kw) {
        const Index r = (Index(c) * g.k + kh) * g.k + kw;
        const ValidRange v = valid_columns(g, kw);
        const T* src = cols + r * N + Index(b) * P;
        for (int oh = 0; oh < g.out_h; ++oh, src += g.out_w) {
          const int ih = oh * s - g.pad + kh;
          if (ih < 0 || ih >= g.height) continue;
          T* row = dst + Index(ih) * g.width;
          const int shift = kw - g.pad;
          for (int ow = v.lo; ow < v.hi; ++ow) row[ow * s + shift] += src[ow];
        }
      }
  });
}

template <typename T>
void channels_to_rows(const T* fmap, int channels, Index positions, int batch, T* rows) {
  const Index N = Index(batch) * positions;
  parallel_for(batch, worth_parallel(N * channels, kParallelMin), [&](int b) {
    for (int c = 0; c < channels; ++c)
      std::memcpy(rows + c * N + b * positions, fmap + (Index(b) * channels + c) * positions,
                  sizeof(T) * positions);
  });
}

template <typename T>
void rows_to_channels(const T* rows, int channels, Index positions, int batch, const T* bias,
                      T* fmap) {
  const Index N = Index(batch) * positions;
  parallel_for(batch, worth_parallel(N * channels, kParallelMin), [&](int b) {
    for (int c = 0; c < channels; ++c) {
      const T* src = rows + c * N + b * positions;
      T* dst = fmap + (Index(b) * channels + c) * positions;
      if (bias) {
        const T add = bias[c];
        for (Index p = 0; p < positions; ++p) dst[p] = src[p] + add;
      } else {
        std::memcpy(dst, src, sizeof(T) * positions);
      }
    }
  });
}

#define GANSCOPE_IM2COL(T)                                                   \
  template void im2col<T>(const ConvGeometry&, const T*, int, T*);           \
  template void col2im<T>(const ConvGeometry&, const T*, int, const T*, T*); \
  template void channels_to_rows<T>(const T*, int, Index, int, T*);          \
  template void rows_to_channels<T>(const T*, int, Index, int, const T*, T*);
GANSCOPE_IM2COL(float)
GANSCOPE_IM2COL(double)
#undef GANSCOPE_IM2COL

}  // namespace ganscope::nn
