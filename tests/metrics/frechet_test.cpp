#include "metrics/frechet.h"

#include <gtest/gtest.h>

#include <Eigen/LU>

#include <cmath>

#include "nn/rng.h"

namespace {

using ganscope::metrics::frechet_distance;
using ganscope::metrics::GaussianStats;

GaussianStats stats(Eigen::VectorXd mean, Eigen::MatrixXd cov) {
  GaussianStats s;
  s.mean = std::move(mean);
  s.cov = std::move(cov);
  return s;
}

// In 1D the distance is (m_a - m_b)^2 + (s_a - s_b)^2 with s the standard deviations.
TEST(Frechet, OneDimensionClosedForm) {
  auto a = stats(Eigen::VectorXd::Constant(1, 1.0), Eigen::MatrixXd::Constant(1, 1, 4.0));
  auto b = stats(Eigen::VectorXd::Constant(1, -2.0), Eigen::MatrixXd::Constant(1, 1, 9.0));
  EXPECT_NEAR(frechet_distance(a, b), 9.0 + 1.0, 1e-12);
  EXPECT_NEAR(frechet_distance(a, a), 0.0, 1e-12);
}

// Covariances that do not commute: for 2x2 PSD matrices Tr((S_a S_b)^(1/2)) =
// sqrt(Tr(S_a S_b) + 2 sqrt(det(S_a S_b))), an independent formula for the same value.
TEST(Frechet, NonCommutingCovariancesMatchTheTwoByTwoFormula) {
  Eigen::MatrixXd sa(2, 2), sb(2, 2);
  sa << 2.0, 0.8, 0.8, 1.0;
  sb << 0.5, -0.3, -0.3, 3.0;
  Eigen::VectorXd ma(2), mb(2);
  ma << 0.0, 1.0;
  mb << 2.0, -1.0;
  const Eigen::MatrixXd p = sa * sb;
  const double tr_sqrt = std::sqrt(p.trace() + 2 * std::sqrt(p.determinant()));
  const double expect = (ma - mb).squaredNorm() + sa.trace() + sb.trace() - 2 * tr_sqrt;
  EXPECT_NEAR(frechet_distance(stats(ma, sa), stats(mb, sb)), expect, 1e-10);
  EXPECT_NEAR(frechet_distance(stats(mb, sb), stats(ma, sa)), expect, 1e-10);  // symmetric
}

// Samples: the fitted statistics recover a known mean and covariance, and two samples of the
// same Gaussian are near 0 apart while a shifted one is |shift|^2 away.
TEST(Frechet, StatsOfSamples) {
  ganscope::nn::Rng rng(11);
  const int d = 4, n = 20000;
  auto draw = [&](float shift) {
    ganscope::nn::MatF x(d, n);
    rng.fill_normal(x.data(), std::size_t(x.size()));
    x.row(0) *= 2.0f;  // variance 4 on the first axis
    x.array() += shift;
    return ganscope::metrics::gaussian_stats(x);
  };
  auto a = draw(0), b = draw(0), c = draw(0.5f);
  EXPECT_NEAR(a.mean.norm(), 0.0, 0.05);
  EXPECT_NEAR(a.cov(0, 0), 4.0, 0.15);
  EXPECT_NEAR(a.cov(1, 1), 1.0, 0.04);
  EXPECT_NEAR(a.cov(0, 1), 0.0, 0.05);
  EXPECT_LT(frechet_distance(a, b), 0.01);
  EXPECT_NEAR(frechet_distance(a, c), d * 0.25, 0.05);
  EXPECT_THROW(ganscope::metrics::gaussian_stats(ganscope::nn::MatF(d, 1)), std::invalid_argument);
  auto other = stats(Eigen::VectorXd::Zero(3), Eigen::MatrixXd::Identity(3, 3));
  EXPECT_THROW(frechet_distance(a, other), std::invalid_argument);
}

}  // namespace

// The bootstrap band in 1D, against N(0, 1) exactly: n samples of N(1, 1) are d = m^2 +
// (s - 1)^2 ~ m^2 away, and m's sampling error 1/sqrt(n) makes d's about 2/sqrt(n), so the
// 90% band is about 2 * 1.645 * 2 / sqrt(n) wide: four times narrower at 16 times the samples.
// And it covers the true distance, 1, about 90% of the time.
TEST(Frechet, TheBootstrapBandIsSamplingNoise) {
  const GaussianStats ref = stats(Eigen::VectorXd::Zero(1), Eigen::MatrixXd::Identity(1, 1));
  ganscope::nn::Rng rng(5);
  auto draw = [&](int n) {
    ganscope::nn::MatF x(1, n);
    rng.fill_normal(x.data(), std::size_t(n));
    x.array() += 1.0f;
    return x;
  };
  for (const int n : {400, 6400}) {
    const ganscope::nn::MatF b = draw(n);
    const auto band = ganscope::metrics::frechet_band(ref, b, 200, 9);
    const double d = frechet_distance(ref, ganscope::metrics::gaussian_stats(b));
    EXPECT_LT(band.low, d);
    EXPECT_GT(band.high, d);
    const double expected_width = 2 * 1.645 * 2 / std::sqrt(double(n));
    EXPECT_NEAR(band.high - band.low, expected_width, 0.3 * expected_width) << n;
  }
  int covered = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const auto band = ganscope::metrics::frechet_band(ref, draw(400), 100, std::uint64_t(trial));
    covered += band.low <= 1.0 && 1.0 <= band.high;
  }
  EXPECT_GE(covered, 31);  // 36 expected; 30 or fewer has probability about 1% at 90% coverage
  EXPECT_THROW(ganscope::metrics::frechet_band(ref, draw(1), 10, 1), std::invalid_argument);
}
