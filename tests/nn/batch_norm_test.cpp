// BatchNorm facts beyond the gradient check: batch groups are exactly separate calls, the
// running statistics follow PyTorch's update, evaluation mode uses them.
#include "nn/batch_norm.h"

#include <gtest/gtest.h>

#include "nn/rng.h"

using namespace ganscope::nn;
using MatD = Mat<double>;

namespace {

// Entries N(mean, 3^2).
MatD wide_random(Eigen::Index rows, Eigen::Index cols, Rng& rng, double mean = 0) {
  MatD m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = mean + 3 * rng.normal();
  return m;
}

// A random scale and shift per channel.
void randomise_affine(BatchNorm<double>& bn, Rng& rng) {
  bn.weight() = wide_random(bn.channels(), 1, rng);
  bn.bias() = wide_random(bn.channels(), 1, rng);
}

// One layer with 2 groups over [a | b] == one layer called on a, then on b.
TEST(BatchNorm, TwoGroupsEqualTwoSeparateCalls) {
  Rng rng(1);
  BatchNorm<double> grouped(3, 2, 2);
  randomise_affine(grouped, rng);
  BatchNorm<double> single = grouped;
  grouped.set_batch_groups(2);
  MatD a = wide_random(12, 4, rng, 1.0), b = wide_random(12, 4, rng, -2.0),
       dya = wide_random(12, 4, rng), dyb = wide_random(12, 4, rng);
  MatD x(12, 8), dy(12, 8);
  x << a, b;
  dy << dya, dyb;

  MatD y, dx, ya, yb, dxa, dxb;
  grouped.forward(x, y);
  grouped.backward(x, y, dy, &dx, true);
  MatD dgamma = grouped.params()[0].grad->eval(), dbeta = grouped.params()[1].grad->eval();

  single.forward(a, ya);
  single.backward(a, ya, dya, &dxa, true);
  MatD dgamma_a = *single.params()[0].grad, dbeta_a = *single.params()[1].grad;
  single.forward(b, yb);
  single.backward(b, yb, dyb, &dxb, true);

  EXPECT_TRUE(y.leftCols(4).isApprox(ya, 1e-12));
  EXPECT_TRUE(y.rightCols(4).isApprox(yb, 1e-12));
  EXPECT_TRUE(dx.leftCols(4).isApprox(dxa, 1e-12));
  EXPECT_TRUE(dx.rightCols(4).isApprox(dxb, 1e-12));
  EXPECT_TRUE(dgamma.isApprox(dgamma_a + *single.params()[0].grad, 1e-12));
  EXPECT_TRUE(dbeta.isApprox(dbeta_a + *single.params()[1].grad, 1e-12));
  EXPECT_TRUE(grouped.running_mean().isApprox(single.running_mean(), 1e-12));
  EXPECT_TRUE(grouped.running_var().isApprox(single.running_var(), 1e-12));
  // ... and differs from one group over all 8 columns (the means of a and b differ).
  BatchNorm<double> whole = single;
  MatD yw;
  whole.forward(x, yw);
  EXPECT_FALSE(yw.isApprox(y, 1e-3));
}

// Per channel of BatchNorm2d: statistics over the batch and the plane; running statistics
// 0.9 old + 0.1 batch, with the unbiased variance.
TEST(BatchNorm, TrainingNormalisesPerChannelAndUpdatesRunningStatistics) {
  Rng rng(2);
  BatchNorm<double> bn(2, 3, 3);
  MatD x = wide_random(18, 5, rng, 4.0), y;
  bn.forward(x, y);
  for (int c = 0; c < 2; ++c) {
    Eigen::ArrayXd xs(45), ys(45);
    for (int b = 0; b < 5; ++b) {
      xs.segment(b * 9, 9) = x.col(b).segment(c * 9, 9).array();
      ys.segment(b * 9, 9) = y.col(b).segment(c * 9, 9).array();
    }
    EXPECT_NEAR(ys.mean(), 0, 1e-12);
    EXPECT_NEAR((ys - ys.mean()).square().mean(), 1, 1e-4);  // var / (var + eps)
    double mean = xs.mean(), unbiased = (xs - mean).square().sum() / 44;
    EXPECT_NEAR(bn.running_mean()(c), 0.1 * mean, 1e-12);
    EXPECT_NEAR(bn.running_var()(c), 0.9 + 0.1 * unbiased, 1e-12);
  }
  ASSERT_EQ(bn.buffers().size(), 2u);
  EXPECT_EQ(bn.buffers()[0], &bn.running_mean());
  EXPECT_EQ(bn.buffers()[1], &bn.running_var());
}

TEST(BatchNorm, EvaluationUsesRunningStatistics) {
  Rng rng(3);
  BatchNorm<double> bn(4);
  randomise_affine(bn, rng);
  bn.running_mean() = wide_random(4, 1, rng);
  bn.running_var() = wide_random(4, 1, rng).array().square() + 0.1;
  bn.set_training(false);
  MatD x = wide_random(4, 3, rng), y;
  bn.forward(x, y);
  MatD stats_before = bn.running_mean();
  for (int f = 0; f < 4; ++f)
    for (int b = 0; b < 3; ++b)
      EXPECT_NEAR(y(f, b),
                  bn.weight()(f) * (x(f, b) - bn.running_mean()(f)) /
                          std::sqrt(bn.running_var()(f) + 1e-5) +
                      bn.bias()(f),
                  1e-12);
  EXPECT_EQ(bn.running_mean(), stats_before);
  // One column is fine in evaluation mode, not in training mode (PyTorch refuses it too).
  MatD one = wide_random(4, 1, rng);
  EXPECT_NO_THROW(bn.forward(one, y));
  bn.set_training(true);
  EXPECT_THROW(bn.forward(one, y), std::invalid_argument);
}

TEST(BatchNorm, ShapesAndErrors) {
  BatchNorm<float> bn1(256), bn2(64, 14, 14);
  EXPECT_EQ(bn1.describe(), "BatchNorm1d(256)");
  EXPECT_EQ(bn2.describe(), "BatchNorm2d(64)");
  EXPECT_EQ(bn2.output_shape(), "64x14x14");
  EXPECT_EQ(bn2.out_features(64 * 196), 64 * 196);
  try {
    bn2.out_features(100);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "BatchNorm2d(64) expects 64x14x14 = 12544 inputs but gets 100");
  }
  EXPECT_THROW(bn1.out_features(255), std::invalid_argument);
  bn1.set_batch_groups(2);
  MatF x = MatF::Random(256, 5), y;
  EXPECT_THROW(bn1.forward(x, y), std::invalid_argument);  // 5 columns do not split in 2
  EXPECT_THROW(bn1.set_batch_groups(0), std::invalid_argument);
}

}  // namespace
