// Improved precision and recall (Kynkaanniemi et al. 2019) on point sets whose answer is known:
// a hand-worked case, the same distribution twice, a G collapsed onto half the modes, a G that
// sprays points everywhere, disjoint sets, NaN samples, and bad requests.
#include "metrics/precision_recall.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "nn/rng.h"

using ganscope::metrics::precision_recall;
using ganscope::nn::MatF;

namespace {

MatF points_1d(const std::vector<float>& v) {
  MatF m(1, Eigen::Index(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) m(0, Eigen::Index(i)) = v[i];
  return m;
}

// n points of the ring of 8 Gaussians (radius 2, std 0.02) on the given modes only, cycling.
MatF ring(int n, const std::vector<int>& modes, std::uint64_t seed) {
  ganscope::nn::Rng r(seed);
  MatF m(2, n);
  for (int i = 0; i < n; ++i) {
    const double angle = 2 * M_PI * modes[std::size_t(i) % modes.size()] / 8;
    m(0, i) = float(2 * std::cos(angle) + 0.02 * r.normal());
    m(1, i) = float(2 * std::sin(angle) + 0.02 * r.normal());
  }
  return m;
}

const std::vector<int> kAllModes = {0, 1, 2, 3, 4, 5, 6, 7};

}  // namespace

// k = 1 by hand. Real 0, 1, 3: radii 1, 1, 2. Fake 0.5 lies in 0's ball, 10 in none: precision
// 1/2. Fake radii 9.5 and 9.5: every real point lies in 0.5's ball: recall 1.
TEST(PrecisionRecall, HandWorkedCase) {
  const auto pr = precision_recall(points_1d({0, 1, 3}), points_1d({0.5f, 10}), 1);
  EXPECT_DOUBLE_EQ(pr.precision, 0.5);
  EXPECT_DOUBLE_EQ(pr.recall, 1.0);
}

TEST(PrecisionRecall, TheSameDistributionScoresHighOnBoth) {
  const auto pr = precision_recall(ring(1000, kAllModes, 1), ring(1000, kAllModes, 2));
  EXPECT_GT(pr.precision, 0.8);
  EXPECT_GT(pr.recall, 0.8);
}

// The signature of mode collapse: every sample looks real, half the data is never made.
TEST(PrecisionRecall, HalfTheModesIsFullPrecisionHalfRecall) {
  const auto pr = precision_recall(ring(1000, kAllModes, 1), ring(1000, {0, 2, 4, 6}, 2));
  EXPECT_GT(pr.precision, 0.9);
  EXPECT_NEAR(pr.recall, 0.5, 0.06);
}

// The reverse: samples everywhere in [-3, 3]^2 cover the ring but few of them look like it.
TEST(PrecisionRecall, SprayedSamplesAreLowPrecisionHighRecall) {
  ganscope::nn::Rng r(5);
  MatF spray(2, 1000);
  for (Eigen::Index i = 0; i < spray.size(); ++i) spray.data()[i] = float(6 * r.uniform() - 3);
  const auto pr = precision_recall(ring(1000, kAllModes, 1), spray);
  EXPECT_LT(pr.precision, 0.1);
  EXPECT_GT(pr.recall, 0.9);
}

TEST(PrecisionRecall, DisjointSetsScoreZero) {
  MatF far = ring(500, kAllModes, 2);
  far.array() += 10.0f;
  const auto pr = precision_recall(ring(500, kAllModes, 1), far);
  EXPECT_EQ(pr.precision, 0.0);
  EXPECT_EQ(pr.recall, 0.0);
}

// A NaN sample is inside no ball and makes none: a quarter of NaN fakes cost a quarter of the
// precision, and a G of nothing but NaN scores 0 on both, without throwing.
TEST(PrecisionRecall, NanSamplesCountAsOutside) {
  const MatF real = ring(800, kAllModes, 1);
  MatF fake = ring(800, kAllModes, 2);
  const double clean = precision_recall(real, fake).precision;
  for (int i = 0; i < 200; ++i) fake(0, 4 * i) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NEAR(precision_recall(real, fake).precision, clean * 0.75, 0.03);
  fake.setConstant(std::numeric_limits<float>::quiet_NaN());
  const auto pr = precision_recall(real, fake);
  EXPECT_EQ(pr.precision, 0.0);
  EXPECT_EQ(pr.recall, 0.0);
}

TEST(PrecisionRecall, RefusesTooFewPointsAndMismatchedDimensions) {
  EXPECT_THROW(precision_recall(points_1d({0, 1, 2}), points_1d({0, 1, 2, 3})), std::invalid_argument);
  EXPECT_THROW(precision_recall(ring(10, kAllModes, 1), points_1d({0, 1, 2, 3, 4})),
               std::invalid_argument);
  EXPECT_THROW(precision_recall(ring(10, kAllModes, 1), ring(10, kAllModes, 2), 0),
               std::invalid_argument);
}
