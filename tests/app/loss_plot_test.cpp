// Which of the loss plot's subplots a history gets, and the y range of D's outputs: the logic
// behind the window's plots, without a window.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "app/loss_plot.h"
#include "app/metric_history.h"

using namespace ganscope;

namespace {

std::vector<train::MetricRow> rows(int n, float wasserstein, float penalty) {
  std::vector<train::MetricRow> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    out[std::size_t(i)].step = i + 1;
    out[std::size_t(i)].wasserstein = wasserstein;
    out[std::size_t(i)].penalty = penalty;
  }
  return out;
}

const std::array<int, 2> kCritic = {app::kWasserstein, app::kPenalty};
const std::array<int, 2> kLoss = {app::kLossD, app::kLossG};

}  // namespace

TEST(LossPlot, ABceRunHasNoCriticPlot) {
  app::MetricHistory h;
  h.append(rows(50, train::kNoValue, train::kNoValue));
  EXPECT_FALSE(h.has_values(app::kWasserstein));
  EXPECT_FALSE(app::subplot_shown(h, kCritic, /*optional=*/true));
  EXPECT_TRUE(app::subplot_shown(h, kLoss, /*optional=*/false));
}

// A switch to WGAN-GP mid-run brings the plot, which then stays for the rows that have them.
TEST(LossPlot, TheCriticPlotComesWithItsValues) {
  app::MetricHistory h;
  h.append(rows(30, train::kNoValue, train::kNoValue));
  h.append(rows(2, 0.7f, 0.05f));
  EXPECT_TRUE(h.has_values(app::kWasserstein));
  EXPECT_TRUE(app::subplot_shown(h, kCritic, true));
  h.append(rows(10, train::kNoValue, train::kNoValue));
  EXPECT_TRUE(app::subplot_shown(h, kCritic, true));
}

// WGAN-GP, then BCE, then WGAN-GP again: the smoothed estimate has a gap where the game had
// none (not the last value carried on), and the second stretch starts from its own values.
TEST(LossPlot, CriticCurvesAreNotCarriedAcrossAnotherGame) {
  app::MetricHistory h;
  h.append(rows(20, 5.0f, 1.0f));
  h.append(rows(3, train::kNoValue, train::kNoValue));
  h.append(rows(2, -1.0f, 0.5f));
  const std::vector<float>& w = h.smoothed(app::kWasserstein);
  EXPECT_FLOAT_EQ(w[19], 5.0f);
  EXPECT_TRUE(std::isnan(w[21]));
  EXPECT_FLOAT_EQ(w[23], -1.0f);
  EXPECT_FLOAT_EQ(h.smoothed(app::kPenalty)[24], 0.5f);
}

// R1 on a BCE game: a penalty without a Wasserstein estimate still gets the plot.
TEST(LossPlot, APenaltyAloneGetsThePlot) {
  app::MetricHistory h;
  h.append(rows(5, train::kNoValue, 0.2f));
  EXPECT_FALSE(h.has_values(app::kWasserstein));
  EXPECT_TRUE(h.has_values(app::kPenalty));
  EXPECT_TRUE(app::subplot_shown(h, kCritic, true));
}

TEST(LossPlot, DOutputsKeepTheUnitRangeWhileTheyAreProbabilities) {
  EXPECT_EQ(app::d_output_range(0.1, 0.9), (std::array<double, 2>{-0.04, 1.04}));
  EXPECT_EQ(app::d_output_range(1, -1), (std::array<double, 2>{-0.04, 1.04}));  // no values
  const std::array<double, 2> critic = app::d_output_range(-3, 5);
  EXPECT_LT(critic[0], -3);
  EXPECT_GT(critic[1], 5);
  EXPECT_LT(critic[1] - critic[0], 9);  // padded, not more
}
