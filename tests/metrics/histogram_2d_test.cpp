// 2D histograms: which bin a point lands in, clamping at the edges, normalisation, and the
// KL / JS between histograms of point sets whose answer is known by hand.
#include "metrics/histogram_2d.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "data/mixtures.h"
#include "support/test_support.h"

using ganscope::metrics::Grid2D;
using ganscope::metrics::Histogram2D;
using ganscope::metrics::histogram_2d;
using ganscope::metrics::histogram_divergence;
using ganscope::testing::kLog2;

namespace {

// 2 x 2 bins over [-1, 1]^2; bin index ix * 2 + iy.
const Grid2D kQuad = Grid2D::square(2, -1.0, 1.0);

std::vector<float> repeat(float x, float y, int n) {
  std::vector<float> xy;
  for (int i = 0; i < n; ++i) {
    xy.push_back(x);
    xy.push_back(y);
  }
  return xy;
}

std::vector<float> concat(std::vector<float> a, const std::vector<float>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST(Histogram2D, PointsLandInTheirBinsAndSumToOne) {
  // (-0.5, -0.5) -> (0, 0); (-0.5, 0.5) -> (0, 1); (0.5, -0.5) -> (1, 0) twice.
  Histogram2D h = histogram_2d({-0.5f, -0.5f, -0.5f, 0.5f, 0.5f, -0.5f, 0.5f, -0.5f}, kQuad);
  EXPECT_EQ(h.p, (std::vector<double>{0.25, 0.25, 0.5, 0.0}));
  EXPECT_EQ(h.samples, 4);
  EXPECT_EQ(h.outside, 0);
}

TEST(Histogram2D, BinsAreHalfOpenAndTheLastIsClosed) {
  // 0 is the left edge of the second bin; -1 is in the first; 1 (= hi) is in the last and is
  // not outside.
  EXPECT_EQ(histogram_2d({0.0f, 0.0f}, kQuad).p, (std::vector<double>{0, 0, 0, 1}));
  EXPECT_EQ(histogram_2d({-1.0f, -1.0f}, kQuad).p, (std::vector<double>{1, 0, 0, 0}));
  Histogram2D top = histogram_2d({1.0f, 1.0f}, kQuad);
  EXPECT_EQ(top.p, (std::vector<double>{0, 0, 0, 1}));
  EXPECT_EQ(top.outside, 0);
}

TEST(Histogram2D, OutsidePointsAreClampedIntoEdgeBinsAndCounted) {
  const float inf = std::numeric_limits<float>::infinity();
  // (5, 0) -> (1, 1); (-inf, -0.5) -> (0, 0); (0.5, -1e30) -> (1, 0); (1e30, 1e30) -> (1, 1).
  Histogram2D h = histogram_2d({5.0f, 0.0f, -inf, -0.5f, 0.5f, -1e30f, 1e30f, 1e30f}, kQuad);
  EXPECT_EQ(h.p, (std::vector<double>{0.25, 0.0, 0.25, 0.5}));
  EXPECT_EQ(h.outside, 4);
  EXPECT_EQ(histogram_2d({std::nextafter(1.0f, 2.0f), 0.0f}, kQuad).outside, 1);
}

TEST(Histogram2D, ManyRandomPointsAreAllCounted) {
  ganscope::data::Mixture2D m;
  ASSERT_TRUE(ganscope::data::parse_mixture("moons", &m));
  ganscope::nn::Rng rng(3);
  Histogram2D h =
      histogram_2d(ganscope::data::sample_mixture(m, 10000, rng), Grid2D::square(40, -2.0, 2.0));
  ASSERT_EQ(h.p.size(), 1600u);
  EXPECT_NEAR(std::accumulate(h.p.begin(), h.p.end(), 0.0), 1.0, 1e-12);
  for (double v : h.p) EXPECT_NEAR(v * 10000, std::round(v * 10000), 1e-9);  // counts / N
  EXPECT_EQ(h.outside, 0);
}

TEST(Histogram2D, RefusesBadGridsNoPointsAndNaN) {
  EXPECT_THROW(histogram_2d(std::vector<float>{}, kQuad), std::invalid_argument);
  EXPECT_THROW(histogram_2d({0.0f}, kQuad), std::invalid_argument);
  EXPECT_THROW(histogram_2d({std::nanf(""), 0.0f}, kQuad), std::invalid_argument);
  EXPECT_THROW(histogram_2d({0.0f, 0.0f}, Grid2D::square(0, -1, 1)), std::invalid_argument);
  EXPECT_THROW(histogram_2d({0.0f, 0.0f}, Grid2D::square(4097, -1, 1)), std::invalid_argument);
  EXPECT_THROW(histogram_2d({0.0f, 0.0f}, Grid2D::square(2000, -1, 1)), std::invalid_argument);
  EXPECT_THROW(histogram_2d({0.0f, 0.0f}, Grid2D::square(2, 1, 1)), std::invalid_argument);
  EXPECT_THROW(histogram_2d({0.0f, 0.0f}, Grid2D::square(2, 1, -1)), std::invalid_argument);
  EXPECT_THROW(histogram_2d({0.0f, 0.0f}, Grid2D::square(2, -INFINITY, 1)), std::invalid_argument);
}

TEST(HistogramDivergence, IdenticalSetsAreZero) {
  const auto xy = concat(repeat(-0.5f, -0.5f, 3), repeat(0.5f, 0.25f, 5));
  auto d = histogram_divergence(xy, xy, kQuad);
  EXPECT_EQ(d.kl, 0.0);
  EXPECT_EQ(d.js, 0.0);
  // Different points, same bins: still identical histograms.
  auto e = histogram_divergence(repeat(0.1f, 0.1f, 4), repeat(0.9f, 0.6f, 4), kQuad, 0.0);
  EXPECT_EQ(e.kl, 0.0);
  EXPECT_EQ(e.js, 0.0);
}

TEST(HistogramDivergence, DisjointSupportsGiveLog2AndInfiniteOrSmoothedKl) {
  const auto real = repeat(-0.5f, -0.5f, 10), fake = repeat(0.5f, 0.5f, 7);
  auto exact = histogram_divergence(real, fake, kQuad, 0.0);
  EXPECT_DOUBLE_EQ(exact.js, kLog2);
  EXPECT_EQ(exact.kl, std::numeric_limits<double>::infinity());
  // Smoothed over n = 4 bins: p' = ((1 + e) / (1 + 4e), e / (1 + 4e) x 3), q' mirrored; the
  // two untouched bins add e log 1 = 0, so KL = log((1 + e) / e) / (1 + 4e).
  const double e = ganscope::metrics::kDefaultKlEpsilon;
  auto smooth = histogram_divergence(real, fake, kQuad);
  EXPECT_NEAR(smooth.kl, std::log((1 + e) / e) / (1 + 4 * e), 1e-12);
  EXPECT_DOUBLE_EQ(smooth.js, kLog2);  // JS is never smoothed
}

TEST(HistogramDivergence, KnownPairByHand) {
  // 2 x 1 bins: real has one point per bin, P = (1/2, 1/2); fake one left and three right,
  // Q = (1/4, 3/4). KL(P || Q) = (1/2) log(4/3); JS as in divergence_test.
  const Grid2D g{2, 1, -1.0, 1.0, -1.0, 1.0};
  const std::vector<float> real = {-0.5f, 0.0f, 0.5f, 0.0f};
  const auto fake = concat(repeat(-0.5f, 0.3f, 1), repeat(0.5f, -0.3f, 3));
  auto d = histogram_divergence(real, fake, g, 0.0);
  EXPECT_NEAR(d.kl, 0.5 * std::log(4.0 / 3.0), 1e-15);
  const double kl_pm = 0.5 * std::log(4.0 / 3.0) + 0.5 * std::log(0.8);
  const double kl_qm = 0.25 * std::log(2.0 / 3.0) + 0.75 * std::log(1.2);
  EXPECT_NEAR(d.js, 0.5 * (kl_pm + kl_qm), 1e-15);
}

TEST(HistogramDivergence, FarSamplesStillCountAgainstTheGenerator) {
  // Real: all in bin (0, 0). Fake: half there, half at 1e6, clamped into bin (1, 1). Had the
  // far half been dropped, JS would be 0. Clamped, P = (1, 0, 0, 0), Q = (1/2, 0, 0, 1/2),
  // M = (3/4, 0, 0, 1/4): JS = (1/2)[log(4/3) + (1/2) log(2/3) + (1/2) log 2].
  const auto real = repeat(-0.5f, -0.5f, 4);
  const auto fake = concat(repeat(-0.5f, -0.5f, 4), repeat(1e6f, 1e6f, 4));
  auto d = histogram_divergence(real, fake, kQuad, 0.0);
  EXPECT_EQ(d.real_outside, 0);
  EXPECT_EQ(d.fake_outside, 4);
  EXPECT_NEAR(d.js, 0.5 * (std::log(4.0 / 3.0) + 0.5 * std::log(2.0 / 3.0) + 0.5 * kLog2), 1e-15);
  EXPECT_DOUBLE_EQ(d.kl, kLog2);  // KL(P || Q) = 1 log(1 / (1/2)); Q's extra bin is ignored
}

TEST(HistogramDivergence, RefusesDifferentGrids) {
  Histogram2D a = histogram_2d({0.0f, 0.0f}, kQuad);
  Histogram2D b = histogram_2d({0.0f, 0.0f}, Grid2D::square(2, -1.0, 2.0));
  EXPECT_THROW(histogram_divergence(a, b), std::invalid_argument);
}

TEST(HistogramDivergence, SameDistributionIsCloseOtherDistributionIsFar) {
  // Two independent 2,500-point samples of ring8 against each other and against moons, on a
  // 50 x 50 grid over [-3, 3]^2.
  ganscope::data::Mixture2D ring, moons;
  ASSERT_TRUE(ganscope::data::parse_mixture("ring8", &ring));
  ASSERT_TRUE(ganscope::data::parse_mixture("moons", &moons));
  ganscope::nn::Rng rng(11);
  const auto a = ganscope::data::sample_mixture(ring, 2500, rng);
  const auto b = ganscope::data::sample_mixture(ring, 2500, rng);
  const auto c = ganscope::data::sample_mixture(moons, 2500, rng);
  const Grid2D g = Grid2D::square(50, -3.0, 3.0);
  auto same = histogram_divergence(a, b, g), other = histogram_divergence(a, c, g);
  EXPECT_LT(same.js, 0.05);
  EXPECT_GT(other.js, 0.6);
  EXPECT_LT(same.kl, other.kl);
  EXPECT_LE(other.js, kLog2);
}
