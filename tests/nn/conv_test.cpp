// Conv2d and ConvTranspose2d against naive loops written from PyTorch's definitions, their
// adjointness, workspace reuse across batch sizes, and the shape errors the config loader shows.
#include <gtest/gtest.h>

#include "nn/conv2d.h"
#include "nn/conv_transpose2d.h"
#include "nn/linear.h"
#include "nn/rng.h"
#include "nn/sequential.h"
#include "nn/nn_test_support.h"

using namespace ganscope::nn;
using namespace ganscope::nn::test_support;

namespace {

struct Geo {
  int in_c, in_h, in_w, out_c, k, s, p;
};

// y[o, oh, ow] = b[o] + sum_{i, kh, kw} W[o, i, kh, kw] x[i, oh*s - p + kh, ow*s - p + kw]
MatD naive_conv(const Geo& g, const MatD& w, const MatD& bias, const MatD& x) {
  const int oh_n = (g.in_h + 2 * g.p - g.k) / g.s + 1, ow_n = (g.in_w + 2 * g.p - g.k) / g.s + 1;
  MatD y = MatD::Zero(g.out_c * oh_n * ow_n, x.cols());
  for (int b = 0; b < x.cols(); ++b)
    for (int o = 0; o < g.out_c; ++o)
      for (int oh = 0; oh < oh_n; ++oh)
        for (int ow = 0; ow < ow_n; ++ow) {
          double acc = bias(o);
          for (int i = 0; i < g.in_c; ++i)
            for (int kh = 0; kh < g.k; ++kh)
              for (int kw = 0; kw < g.k; ++kw) {
                int ih = oh * g.s - g.p + kh, iw = ow * g.s - g.p + kw;
                if (ih < 0 || ih >= g.in_h || iw < 0 || iw >= g.in_w) continue;
                acc += w(o, (i * g.k + kh) * g.k + kw) * x((i * g.in_h + ih) * g.in_w + iw, b);
              }
          y((o * oh_n + oh) * ow_n + ow, b) = acc;
        }
  return y;
}

// y[o, ih*s - p + kh, iw*s - p + kw] += W[i, o, kh, kw] x[i, ih, iw], plus b[o] everywhere
MatD naive_conv_transpose(const Geo& g, const MatD& w, const MatD& bias, const MatD& x) {
  const int oh_n = (g.in_h - 1) * g.s - 2 * g.p + g.k, ow_n = (g.in_w - 1) * g.s - 2 * g.p + g.k;
  MatD y(g.out_c * oh_n * ow_n, x.cols());
  for (int b = 0; b < x.cols(); ++b)
    for (int o = 0; o < g.out_c; ++o)
      y.col(b).segment(o * oh_n * ow_n, oh_n * ow_n).setConstant(bias(o));
  for (int b = 0; b < x.cols(); ++b)
    for (int i = 0; i < g.in_c; ++i)
      for (int ih = 0; ih < g.in_h; ++ih)
        for (int iw = 0; iw < g.in_w; ++iw)
          for (int o = 0; o < g.out_c; ++o)
            for (int kh = 0; kh < g.k; ++kh)
              for (int kw = 0; kw < g.k; ++kw) {
                int oh = ih * g.s - g.p + kh, ow = iw * g.s - g.p + kw;
                if (oh < 0 || oh >= oh_n || ow < 0 || ow >= ow_n) continue;
                y((o * oh_n + oh) * ow_n + ow, b) +=
                    w(i, (o * g.k + kh) * g.k + kw) * x((i * g.in_h + ih) * g.in_w + iw, b);
              }
  return y;
}

const Geo kGeometries[] = {{3, 8, 8, 4, 4, 2, 1}, {2, 7, 6, 3, 3, 1, 0}, {2, 7, 6, 3, 3, 2, 0},
                           {1, 5, 4, 2, 5, 1, 3}, {4, 1, 1, 3, 4, 1, 0}, {2, 6, 5, 2, 3, 3, 2}};

TEST(Conv2d, MatchesNaiveLoops) {
  Rng rng(1);
  for (const Geo& g : kGeometries) {
    if (g.in_h + 2 * g.p < g.k || g.in_w + 2 * g.p < g.k) continue;  // a ConvTranspose2d case
    Conv2d<double> conv(g.in_c, g.in_h, g.in_w, g.out_c, g.k, g.s, g.p);
    conv.weight() = random(g.out_c, g.in_c * g.k * g.k, rng);
    conv.bias() = random(g.out_c, 1, rng);
    for (int batch : {3, 80}) {  // 80: large enough for the parallel im2col
      MatD x = random(g.in_c * g.in_h * g.in_w, batch, rng), y;
      conv.forward(x, y);
      MatD want = naive_conv(g, conv.weight(), conv.bias(), x);
      ASSERT_EQ(y.rows(), want.rows()) << conv.describe();
      EXPECT_LT((y - want).cwiseAbs().maxCoeff(), 1e-12) << conv.describe();
    }
  }
}

TEST(ConvTranspose2d, MatchesNaiveLoops) {
  Rng rng(2);
  for (const Geo& g : kGeometries) {
    if ((g.in_h - 1) * g.s - 2 * g.p + g.k <= 0 || (g.in_w - 1) * g.s - 2 * g.p + g.k <= 0)
      continue;
    ConvTranspose2d<double> convt(g.in_c, g.in_h, g.in_w, g.out_c, g.k, g.s, g.p);
    convt.weight() = random(g.in_c, g.out_c * g.k * g.k, rng);
    convt.bias() = random(g.out_c, 1, rng);
    for (int batch : {3, 80}) {  // 80: large enough for the parallel col2im
      MatD x = random(g.in_c * g.in_h * g.in_w, batch, rng), y;
      convt.forward(x, y);
      MatD want = naive_conv_transpose(g, convt.weight(), convt.bias(), x);
      ASSERT_EQ(y.rows(), want.rows()) << convt.describe();
      EXPECT_LT((y - want).cwiseAbs().maxCoeff(), 1e-12) << convt.describe();
    }
  }
}

// With the same weight tensor and no bias, ConvTranspose2d is Conv2d's adjoint:
// <conv(x), z> = <x, conv_t(z)>.
TEST(ConvTranspose2d, IsTheAdjointOfConv2d) {
  Rng rng(3);
  Conv2d<double> conv(3, 8, 8, 5, 4, 2, 1);            // 3x8x8 -> 5x4x4
  ConvTranspose2d<double> convt(5, 4, 4, 3, 4, 2, 1);  // 5x4x4 -> 3x8x8
  conv.weight() = random(5, 3 * 16, rng);
  convt.weight() = conv.weight();
  MatD x = random(3 * 64, 2, rng), z = random(5 * 16, 2, rng), cx, tz;
  conv.forward(x, cx);
  convt.forward(z, tz);
  EXPECT_NEAR((cx.array() * z.array()).sum(), (x.array() * tz.array()).sum(), 1e-10);
}

// Each layer's input gradient is the other's forward with the same weight tensor (no bias),
// checked on a batch large enough for the parallel im2col and col2im in backward.
TEST(ConvTranspose2d, BackwardOfEachIsTheOthersForward) {
  Rng rng(6);
  Conv2d<double> conv(3, 8, 8, 5, 4, 2, 1);
  ConvTranspose2d<double> convt(5, 4, 4, 3, 4, 2, 1);
  conv.weight() = random(5, 3 * 16, rng);
  convt.weight() = conv.weight();
  const int batch = 80;
  MatD x = random(3 * 64, batch, rng), z = random(5 * 16, batch, rng), y, dx, ty, tdz;
  conv.forward(x, y);
  conv.backward(x, y, z, &dx, false);  // dx = conv^T z
  convt.forward(z, ty);
  EXPECT_LT((dx - ty).cwiseAbs().maxCoeff(), 1e-12);
  convt.backward(z, ty, x, &tdz, false);  // dz = conv x
  EXPECT_LT((tdz - y).cwiseAbs().maxCoeff(), 1e-12);
}

// The workspaces grow to the largest batch and are reused for smaller ones; backward given
// another input than forward's must recompute, not reuse forward's im2col.
TEST(Conv2d, WorkspaceReuseAcrossBatchSizesAndInputs) {
  Rng rng(4);
  Conv2d<double> conv(2, 6, 6, 3, 3, 1, 1);
  conv.weight() = random(3, 18, rng);
  ConvTranspose2d<double> convt(3, 6, 6, 2, 3, 1, 1);
  convt.weight() = random(3, 18, rng);
  for (int batch : {4, 8, 2, 8}) {
    MatD x = random(72, batch, rng), dy = random(108, batch, rng), y, dx, y2, dx2;
    Conv2d<double> fresh = conv;
    conv.forward(x, y);
    conv.backward(x, y, dy, &dx, true);
    MatD dw = *conv.params()[0].grad;
    fresh.forward(x, y2);
    fresh.backward(x, y2, dy, &dx2, true);
    EXPECT_EQ(y, y2);
    EXPECT_EQ(dx, dx2);
    EXPECT_EQ(dw, *fresh.params()[0].grad);

    MatD other = random(72, batch, rng), out, dxo;
    conv.forward(other, out);
    conv.backward(x, y, dy, &dxo, true);  // x, not `other`: dW must follow x
    EXPECT_TRUE(conv.params()[0].grad->isApprox(dw, 1e-12));

    // ConvTranspose2d 3x6x6 -> 2x6x6, the same checks with dy as its input.
    MatD ty, tdx, ty2, tdx2, tdy = random(72, batch, rng);
    ConvTranspose2d<double> tfresh = convt;
    convt.forward(dy, ty);
    convt.forward(random(108, batch, rng), out);
    convt.backward(dy, ty, tdy, &tdx, true);  // dW must follow dy, not the last input
    tfresh.forward(dy, ty2);
    tfresh.backward(dy, ty2, tdy, &tdx2, true);
    EXPECT_TRUE(convt.params()[0].grad->isApprox(*tfresh.params()[0].grad, 1e-12));
    EXPECT_EQ(tdx, tdx2);
  }
}

TEST(Conv2d, ShapesAndErrors) {
  Conv2d<float> conv(1, 28, 28, 64, 4, 2, 1);
  EXPECT_EQ(conv.out_features(784), 64 * 14 * 14);
  EXPECT_EQ(conv.output_shape(), "64x14x14");
  EXPECT_DOUBLE_EQ(conv.macs_per_sample(), 64.0 * 14 * 14 * 1 * 4 * 4);
  try {
    conv.out_features(6272);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Conv2d(1->64, k4, s2, p1) expects 1x28x28 = 784 inputs but gets 6272");
  }
  ConvTranspose2d<float> convt(128, 7, 7, 64, 4, 2, 1);
  EXPECT_EQ(convt.output_shape(), "64x14x14");
  EXPECT_EQ(convt.out_features(128 * 49), 64 * 14 * 14);
  EXPECT_DOUBLE_EQ(convt.macs_per_sample(), 128.0 * 7 * 7 * 64 * 4 * 4);
  try {
    convt.out_features(100);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "ConvTranspose2d(128->64, k4, s2, p1) expects 128x7x7 = 6272 inputs but gets 100");
  }
  EXPECT_THROW(Conv2d<float>(1, 2, 2, 4, 5, 1, 0), std::invalid_argument);  // kernel too big
  EXPECT_THROW(Conv2d<float>(1, 8, 8, 4, 3, 0, 0), std::invalid_argument);  // stride 0
  EXPECT_THROW(ConvTranspose2d<float>(1, 1, 1, 4, 2, 1, 1), std::invalid_argument);  // no output
}

TEST(Conv2d, SequentialChecksShapesBetweenLayers) {
  Sequential<float> net;
  net.set_input_features(784);
  net.add(std::make_unique<Conv2d<float>>(1, 28, 28, 64, 4, 2, 1));
  net.add(std::make_unique<Conv2d<float>>(64, 14, 14, 128, 4, 2, 1));
  EXPECT_EQ(net.out_features(), 128 * 7 * 7);
  EXPECT_THROW(net.add(std::make_unique<Conv2d<float>>(64, 14, 14, 1, 3, 1, 1)),
               std::invalid_argument);
  net.add(std::make_unique<Linear<float>>(128 * 49, 1));
  MatF x = MatF::Random(784, 5);
  EXPECT_EQ(net.forward(x).cols(), 5);
}

}  // namespace
