// VEEGAN mode coverage on constructed samples whose answer is known exactly: all modes,
// one mode, none, half and half, the 3-std boundary, nearest-centre ties, NaN samples; then
// samples of the true mixtures, whose high-quality share is known in closed form.
#include "metrics/mode_coverage.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "data/mixtures.h"

using ganscope::metrics::mode_coverage;
using ganscope::metrics::ModeCoverage;

namespace {

const float kRingStd = 0.02f;

std::vector<float> ring8_centres() {
  ganscope::data::Mixture2D m;
  EXPECT_TRUE(ganscope::data::parse_mixture("ring8", &m));
  return m.centres;
}

// n samples placed exactly on centres, cycling through modes in `which`.
std::vector<float> on_centres(const std::vector<float>& centres, int n,
                              const std::vector<int>& which) {
  std::vector<float> xy;
  for (int i = 0; i < n; ++i) {
    const int k = which[std::size_t(i) % which.size()];
    xy.push_back(centres[2 * k]);
    xy.push_back(centres[2 * k + 1]);
  }
  return xy;
}

}  // namespace

TEST(ModeCoverage, AllEightModesAtTheCentres) {
  const auto c = ring8_centres();
  ModeCoverage mc = mode_coverage(on_centres(c, 2400, {0, 1, 2, 3, 4, 5, 6, 7}), c, kRingStd);
  EXPECT_EQ(mc.modes, 8);
  EXPECT_EQ(mc.modes_captured, 8);
  EXPECT_EQ(mc.samples, 2400);
  EXPECT_EQ(mc.high_quality, 2400);
  EXPECT_EQ(mc.high_quality_percent, 100.0);
  EXPECT_EQ(mc.per_mode, std::vector<std::int64_t>(8, 300));
  EXPECT_EQ(mc.reverse_kl, 0.0);  // exactly: every term is log(300 * 8 / 2400) = log 1
}

TEST(ModeCoverage, TwentyFiveHundredSamplesSplitUnevenlyByOne) {
  // 2,500 = 4 * 313 + 4 * 312: KL = 4 (313/2500) log(313 * 8/2500) + 4 (312/2500) log(...).
  const auto c = ring8_centres();
  ModeCoverage mc = mode_coverage(on_centres(c, 2500, {0, 1, 2, 3, 4, 5, 6, 7}), c, kRingStd);
  EXPECT_EQ(mc.modes_captured, 8);
  EXPECT_EQ(mc.per_mode, (std::vector<std::int64_t>{313, 313, 313, 313, 312, 312, 312, 312}));
  const double kl = 4 * (313 / 2500.0) * std::log(313 * 8 / 2500.0) +
                    4 * (312 / 2500.0) * std::log(312 * 8 / 2500.0);
  EXPECT_NEAR(mc.reverse_kl, kl, 1e-15);
  EXPECT_GT(mc.reverse_kl, 0.0);
  EXPECT_LT(mc.reverse_kl, 1e-5);
}

TEST(ModeCoverage, AllSamplesOnOneMode) {
  const auto c = ring8_centres();
  ModeCoverage mc = mode_coverage(on_centres(c, 2500, {3}), c, kRingStd);
  EXPECT_EQ(mc.modes_captured, 1);
  EXPECT_EQ(mc.high_quality_percent, 100.0);
  std::vector<std::int64_t> expected(8, 0);
  expected[3] = 2500;
  EXPECT_EQ(mc.per_mode, expected);
  EXPECT_DOUBLE_EQ(mc.reverse_kl, std::log(8.0));
}

TEST(ModeCoverage, SamplesFarAwayCaptureNothing) {
  const auto c = ring8_centres();
  std::vector<float> xy(2 * 2500, 100.0f);
  ModeCoverage mc = mode_coverage(xy, c, kRingStd);
  EXPECT_EQ(mc.modes_captured, 0);
  EXPECT_EQ(mc.high_quality, 0);
  EXPECT_EQ(mc.high_quality_percent, 0.0);
  EXPECT_EQ(mc.per_mode, std::vector<std::int64_t>(8, 0));
  EXPECT_EQ(mc.reverse_kl, std::numeric_limits<double>::infinity());
}

TEST(ModeCoverage, HalfAndHalfByHand) {
  // Four modes 10 apart, std 0.5 (exact in binary), so 3 std = 1.5. 250 samples 1 std from
  // mode 1 and 250 exactly on mode 2 are high quality; 500 samples 4 std from mode 3 are not.
  // So 2 of 4 modes are captured, 50% is high quality, p = (0, 1/2, 1/2, 0) and
  // KL(p || uniform) = 2 * (1/2) log((1/2) * 4) = log 2.
  // (Not modes 0 and 1: GCC 12.2 with -mavx512f builds the literal {250, 250, 0, 0} as
  // {250, 250, 250, 250} in this test, a compiler bug; {0, 250, 250, 0} is built right.)
  const std::vector<float> c = {0, 0, 10, 0, 20, 0, 30, 0};
  std::vector<float> xy;
  for (int i = 0; i < 250; ++i) xy.insert(xy.end(), {10.0f, 0.5f});
  for (int i = 0; i < 250; ++i) xy.insert(xy.end(), {20.0f, 0.0f});
  for (int i = 0; i < 500; ++i) xy.insert(xy.end(), {32.0f, 0.0f});
  ModeCoverage mc = mode_coverage(xy, c, 0.5f);
  EXPECT_EQ(mc.samples, 1000);
  EXPECT_EQ(mc.modes_captured, 2);
  EXPECT_EQ(mc.high_quality, 500);
  EXPECT_EQ(mc.high_quality_percent, 50.0);
  EXPECT_EQ(mc.per_mode, (std::vector<std::int64_t>{0, 250, 250, 0}));
  EXPECT_DOUBLE_EQ(mc.reverse_kl, std::log(2.0));
}

TEST(ModeCoverage, ThreeStdBoundaryIsInclusive) {
  // std 0.5: a sample at exactly 1.5 counts; the next float beyond does not.
  const std::vector<float> c = {0, 0, 100, 100};
  EXPECT_EQ(mode_coverage({1.5f, 0.0f}, c, 0.5f).high_quality, 1);
  EXPECT_EQ(mode_coverage({0.0f, -1.5f}, c, 0.5f).high_quality, 1);
  EXPECT_EQ(mode_coverage({std::nextafter(1.5f, 2.0f), 0.0f}, c, 0.5f).high_quality, 0);
  // Off the axes, a 9-12-15 triangle with std 5: distance exactly 15 = 3 std.
  EXPECT_EQ(mode_coverage({9.0f, 12.0f}, c, 5.0f).high_quality, 1);
  EXPECT_EQ(mode_coverage({9.0f, std::nextafter(12.0f, 13.0f)}, c, 5.0f).high_quality, 0);
  // The radius is a parameter: at 2 std the same 1.5 is outside.
  EXPECT_EQ(mode_coverage({1.5f, 0.0f}, c, 0.5f, 2.0).high_quality, 0);
  EXPECT_EQ(mode_coverage({1.0f, 0.0f}, c, 0.5f, 2.0).high_quality, 1);
}

TEST(ModeCoverage, NearestCentreTieGoesToTheFirstListed) {
  // (0, 0) is 1 from both centres (within 3 std = 1.5): it is high quality and belongs to
  // whichever centre comes first, in either order.
  ModeCoverage a = mode_coverage({0.0f, 0.0f}, {-1, 0, 1, 0}, 0.5f);
  EXPECT_EQ(a.per_mode, (std::vector<std::int64_t>{1, 0}));
  ModeCoverage b = mode_coverage({0.0f, 0.0f}, {1, 0, -1, 0}, 0.5f);
  EXPECT_EQ(b.per_mode, (std::vector<std::int64_t>{1, 0}));
  EXPECT_EQ(b.modes_captured, 1);
  // Four centres at the corners of a square, the sample at its middle.
  ModeCoverage d = mode_coverage({0.0f, 0.0f}, {1, 1, -1, 1, -1, -1, 1, -1}, 1.0f);
  EXPECT_EQ(d.per_mode, (std::vector<std::int64_t>{1, 0, 0, 0}));
}

TEST(ModeCoverage, NearestCentreDecidesNotTheFirstWithinReach) {
  // Both centres are within 3 std of (0.4, 0); the second is nearer and gets the sample.
  ModeCoverage mc = mode_coverage({0.4f, 0.0f}, {0, 0, 0.5f, 0}, 1.0f);
  EXPECT_EQ(mc.per_mode, (std::vector<std::int64_t>{0, 1}));
}

TEST(ModeCoverage, NonFiniteSamplesAreLowQualityNotErrors) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  ModeCoverage mc = mode_coverage({nan, 0.0f, 0.0f, inf, 0.0f, 0.0f, -inf, nan}, {0, 0}, 1.0f);
  EXPECT_EQ(mc.samples, 4);
  EXPECT_EQ(mc.high_quality, 1);
  EXPECT_EQ(mc.high_quality_percent, 25.0);
}

TEST(ModeCoverage, RefusesInputsWithNoAnswer) {
  const std::vector<float> c = {0, 0};
  EXPECT_THROW(mode_coverage(std::vector<float>{}, c, 1.0f), std::invalid_argument);
  EXPECT_THROW(mode_coverage({0.0f, 0.0f, 1.0f}, c, 1.0f), std::invalid_argument);
  EXPECT_THROW(mode_coverage({0.0f, 0.0f}, {}, 1.0f), std::invalid_argument);
  EXPECT_THROW(mode_coverage({0.0f, 0.0f}, {0, 0, 1}, 1.0f), std::invalid_argument);
  EXPECT_THROW(mode_coverage({0.0f, 0.0f}, c, 0.0f), std::invalid_argument);
  EXPECT_THROW(mode_coverage({0.0f, 0.0f}, c, -0.5f), std::invalid_argument);
  EXPECT_THROW(mode_coverage({0.0f, 0.0f}, c, std::nanf("")), std::invalid_argument);
  EXPECT_THROW(mode_coverage({0.0f, 0.0f}, {std::nanf(""), 0}, 1.0f), std::invalid_argument);
  EXPECT_THROW(mode_coverage({0.0f, 0.0f}, c, 1.0f, 0.0), std::invalid_argument);
}

// Samples of the true mixture: each coordinate's offset is N(0, std^2), so the squared
// distance over std^2 is chi-square with 2 degrees of freedom and P(d <= 3 std) =
// 1 - exp(-9/2) = 98.89%. With 2,500 samples its standard error is 0.21 points; 1 point is
// 4.7 of them. Every mode is captured, and 2N times the reverse KL of a multinomial
// histogram is about chi-square with K - 1 degrees of freedom: mean (K - 1) / (2N), and five
// times that is more than 5 of its standard deviations away.
TEST(ModeCoverage, TrueMixturesScoreAsTheTheoryPredicts) {
  for (const char* name : {"ring8", "grid25", "clusters5"}) {
    SCOPED_TRACE(name);
    ganscope::data::Mixture2D m;
    ASSERT_TRUE(ganscope::data::parse_mixture(name, &m));
    ganscope::nn::Rng rng(2017);
    const auto xy = ganscope::data::sample_mixture(m, 2500, rng);
    ModeCoverage mc = mode_coverage(xy, m.centres, m.std);
    EXPECT_EQ(mc.modes_captured, mc.modes);
    EXPECT_NEAR(mc.high_quality_percent, 100.0 * (1.0 - std::exp(-4.5)), 1.0);
    EXPECT_LT(mc.reverse_kl, 5.0 * (mc.modes - 1) / (2.0 * 2500));
  }
}
