#include "nn/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

namespace {

using ganscope::nn::Rng;

// Moments of 200,000 draws against N(0, 1): the standard errors are 0.0022 for the mean,
// 0.0032 for the variance and 0.011 for the fourth moment (3 for a Gaussian), so the bounds
// are about 4-5 of them. A uniform or a wrongly scaled draw fails every one.
TEST(Rng, FillNormalHasGaussianMoments) {
  Rng rng(42);
  std::vector<float> z(200001);  // odd: the last pair's second value is dropped
  rng.fill_normal(z.data(), z.size());
  double sum = 0, sq = 0, quad = 0;
  int within_one = 0;
  for (float v : z) {
    ASSERT_TRUE(std::isfinite(v));
    sum += v;
    sq += double(v) * v;
    quad += double(v) * v * v * v;
    within_one += std::abs(v) < 1.0f;
  }
  const double n = double(z.size());
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sq / n, 1.0, 0.015);
  EXPECT_NEAR(quad / n, 3.0, 0.05);
  EXPECT_NEAR(within_one / n, 0.6827, 0.005);  // P(|z| < 1)
}

// The cos and sin halves of each chunk are independent: their correlation is near 0.
TEST(Rng, FillNormalPairsAreUncorrelated) {
  Rng rng(7);
  std::vector<float> z(256);  // one chunk: 128 cos values then 128 sin values
  double cross = 0;
  for (int rep = 0; rep < 400; ++rep) {
    rng.fill_normal(z.data(), z.size());
    for (int i = 0; i < 128; ++i) cross += double(z[i]) * z[128 + i];
  }
  EXPECT_NEAR(cross / (400.0 * 128.0), 0.0, 0.02);
}

// The engine's state is the whole state: a copy made mid-stream continues identically, and
// n values consume ceil(n / 2) draws whatever the chunking.
TEST(Rng, FillNormalContinuesFromSavedState) {
  Rng a(3);
  std::vector<float> first(300), second(300), again(300);
  a.fill_normal(first.data(), first.size());
  Rng b;
  b.set_state(a.state());
  a.fill_normal(second.data(), second.size());
  b.fill_normal(again.data(), again.size());
  EXPECT_EQ(second, again);
  EXPECT_NE(first, second);

  Rng c(5), d(5);
  std::vector<float> tmp(301);
  c.fill_normal(tmp.data(), 301);  // 151 draws
  for (int i = 0; i < 151; ++i) d.uniform();
  EXPECT_EQ(c.uniform(), d.uniform());
}

// The values do not depend on where they go: Eigen takes other code paths (std::cos against
// its vectorised cos) for the entries before an output's first aligned packet.
TEST(Rng, FillNormalIsTheSameWhereverItsOutputLies) {
  alignas(64) static float aligned[301], shifted[301 + 16];
  Rng a(9);
  a.fill_normal(aligned, 301);
  for (int offset = 1; offset < 16; ++offset) {
    Rng b(9);
    b.fill_normal(shifted + offset, 301);
    EXPECT_EQ(std::memcmp(aligned, shifted + offset, sizeof aligned), 0) << "offset " << offset;
  }
}

}  // namespace
