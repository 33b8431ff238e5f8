// KL, JS and reverse KL to uniform on distributions small enough to compute by hand.
#include "metrics/divergence.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "support/test_support.h"

using ganscope::metrics::js_divergence;
using ganscope::metrics::kl_divergence;
using ganscope::metrics::reverse_kl_to_uniform;
using ganscope::testing::kLog2;

namespace {
const double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST(ReverseKl, UniformIsZeroAndOneModeIsLogK) {
  EXPECT_EQ(reverse_kl_to_uniform({5, 5, 5, 5}), 0.0);
  EXPECT_EQ(reverse_kl_to_uniform({7}), 0.0);  // one mode: every histogram is uniform
  EXPECT_DOUBLE_EQ(reverse_kl_to_uniform({0, 0, 9, 0, 0, 0, 0, 0}), std::log(8.0));
  // Half the modes: log 2. (Not {2, 2, 0, 0}: GCC 12.2 with -mavx512f builds that literal as
  // {2, 2, 2, 2} here, a compiler bug; see mode_coverage_test.)
  EXPECT_DOUBLE_EQ(reverse_kl_to_uniform({0, 2, 2, 0}), kLog2);
}

TEST(ReverseKl, UnevenPairByHand) {
  // p = (1/4, 3/4), K = 2: (1/4) log(1/2) + (3/4) log(3/2).
  EXPECT_NEAR(reverse_kl_to_uniform({1, 3}), 0.25 * std::log(0.5) + 0.75 * std::log(1.5), 1e-15);
}

TEST(ReverseKl, NoSamplesIsInfinityAndOrdersLast) {
  const double none = reverse_kl_to_uniform({0, 0, 0});
  EXPECT_EQ(none, kInf);
  EXPECT_GT(none, reverse_kl_to_uniform({1, 0, 0}));  // worse than total collapse
}

TEST(ReverseKl, RefusesNoModesAndNegativeCounts) {
  EXPECT_THROW(reverse_kl_to_uniform({}), std::invalid_argument);
  EXPECT_THROW(reverse_kl_to_uniform({3, -1}), std::invalid_argument);
}

TEST(KlDivergence, IdenticalIsZeroWithOrWithoutSmoothing) {
  const std::vector<double> p = {0.125, 0.5, 0.0, 0.375};
  EXPECT_EQ(kl_divergence(p, p), 0.0);
  EXPECT_EQ(kl_divergence(p, p, 1e-6), 0.0);
}

TEST(KlDivergence, KnownPairByHandAndAsymmetric) {
  const std::vector<double> p = {0.5, 0.5}, q = {0.25, 0.75};
  // KL(p || q) = (1/2) log(2) + (1/2) log(2/3) = (1/2) log(4/3)
  EXPECT_NEAR(kl_divergence(p, q), 0.5 * std::log(4.0 / 3.0), 1e-15);
  // KL(q || p) = (1/4) log(1/2) + (3/4) log(3/2)
  EXPECT_NEAR(kl_divergence(q, p), 0.25 * std::log(0.5) + 0.75 * std::log(1.5), 1e-15);
}

TEST(KlDivergence, ZeroInPIsIgnoredZeroInQIsInfinite) {
  // 0 log 0 = 0: KL((1, 0) || (1/2, 1/2)) = log 2.
  EXPECT_DOUBLE_EQ(kl_divergence({1.0, 0.0}, {0.5, 0.5}), kLog2);
  // q = 0 where p > 0: exactly infinite without smoothing.
  EXPECT_EQ(kl_divergence({0.5, 0.5}, {1.0, 0.0}), kInf);
  EXPECT_EQ(kl_divergence({1.0, 0.0}, {0.0, 1.0}), kInf);
}

TEST(KlDivergence, SmoothingMakesDisjointFiniteAndMatchesTheFormula) {
  // p = (1, 0), q = (0, 1), each smoothed to ((1 + e) / (1 + 2e), e / (1 + 2e)) and back:
  // KL = [(1 + e) log((1 + e) / e) + e log(e / (1 + e))] / (1 + 2e) = log((1 + e) / e) / (1 + 2e).
  for (double e : {1e-6, 1e-3, 0.1}) {
    SCOPED_TRACE(e);
    const double kl = kl_divergence({1.0, 0.0}, {0.0, 1.0}, e);
    EXPECT_NEAR(kl, std::log((1 + e) / e) / (1 + 2 * e), 1e-12);
    EXPECT_LE(kl, std::log(1 + 1 / e));  // the documented bound
  }
}

TEST(KlDivergence, RefusesMalformedDistributions) {
  EXPECT_THROW(kl_divergence({1.0}, {0.5, 0.5}), std::invalid_argument);
  EXPECT_THROW(kl_divergence({}, {}), std::invalid_argument);
  EXPECT_THROW(kl_divergence({0.5, 0.6}, {0.5, 0.5}), std::invalid_argument);  // sums to 1.1
  EXPECT_THROW(kl_divergence({1.5, -0.5}, {0.5, 0.5}), std::invalid_argument);
  EXPECT_THROW(kl_divergence({std::nan(""), 1.0}, {0.5, 0.5}), std::invalid_argument);
  EXPECT_THROW(kl_divergence({0.5, 0.5}, {0.5, 0.5}, -1e-6), std::invalid_argument);
}

TEST(JsDivergence, IdenticalIsZeroDisjointIsLog2) {
  const std::vector<double> p = {0.125, 0.5, 0.0, 0.375};
  EXPECT_EQ(js_divergence(p, p), 0.0);
  EXPECT_DOUBLE_EQ(js_divergence({1.0, 0.0}, {0.0, 1.0}), kLog2);
  EXPECT_DOUBLE_EQ(js_divergence({0.0, 0.5, 0.5, 0.0}, {0.25, 0.0, 0.0, 0.75}), kLog2);
}

TEST(JsDivergence, KnownPairsByHand) {
  // p = (1/2, 1/2), q = (1/4, 3/4), m = (3/8, 5/8):
  // KL(p || m) = (1/2) log(4/3) + (1/2) log(4/5), KL(q || m) = (1/4) log(2/3) + (3/4) log(6/5).
  const double kl_pm = 0.5 * std::log(4.0 / 3.0) + 0.5 * std::log(0.8);
  const double kl_qm = 0.25 * std::log(2.0 / 3.0) + 0.75 * std::log(1.2);
  EXPECT_NEAR(js_divergence({0.5, 0.5}, {0.25, 0.75}), 0.5 * (kl_pm + kl_qm), 1e-15);
  // Symmetric (to rounding: the compiler may fuse a different product into an FMA).
  EXPECT_DOUBLE_EQ(js_divergence({0.5, 0.5}, {0.25, 0.75}),
                   js_divergence({0.25, 0.75}, {0.5, 0.5}));
  // Half the mass shared: p = (1/2, 1/2, 0), q = (0, 1/2, 1/2), m = (1/4, 1/2, 1/4):
  // KL(p || m) = KL(q || m) = (1/2) log 2, so JS = (1/2) log 2.
  EXPECT_DOUBLE_EQ(js_divergence({0.5, 0.5, 0.0}, {0.0, 0.5, 0.5}), 0.5 * kLog2);
}

TEST(JsDivergence, RefusesMalformedDistributions) {
  EXPECT_THROW(js_divergence({1.0}, {0.5, 0.5}), std::invalid_argument);
  EXPECT_THROW(js_divergence({0.5, 0.5}, {0.2, 0.2}), std::invalid_argument);
}
