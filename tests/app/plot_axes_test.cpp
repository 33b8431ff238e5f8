// The ticks of a log10 y axis (the gradient-norm plot's "log y"): round values, never two
// labels bunched together, whatever range a run's values span.
#include <gtest/gtest.h>

#include <cmath>

#include "app/plot_axes.h"

using namespace ganscope;

namespace {

// No two ticks closer than half of one label's share of the axis, all within [lo, hi].
void expect_spread(double lo, double hi, int count) {
  const app::Ticks t = app::log_ticks(lo, hi, count);
  ASSERT_GE(t.values.size(), 2u) << lo << " " << hi << " " << count;
  EXPECT_LE(int(t.values.size()), 2 * std::max(count, 2)) << lo << " " << hi;
  for (std::size_t i = 0; i < t.values.size(); ++i) {
    EXPECT_GE(t.values[i], lo - 1e-9);
    EXPECT_LE(t.values[i], hi + 1e-9);
    if (i > 0) {
      EXPECT_GE(t.values[i] - t.values[i - 1], (hi - lo) / (2.0 * std::max(count, 2)) - 1e-12)
          << lo << " " << hi << " " << count << " tick " << i;
    }
  }
}

}  // namespace

// A critic's gradient norm after a switch to WGAN: 0.01 to 4e4 in a 75-pixel plot (2 labels).
// The powers of ten were once too many and a linear fallback put 2e4 and 4e4 on top of each
// other at the top of the axis.
TEST(LogTicks, ManyDecadesInAShortPlotKeepTheEnds) {
  const app::Ticks t = app::log_ticks(std::log10(0.01), std::log10(4e4), 2);
  ASSERT_EQ(t.values.size(), 2u);
  EXPECT_DOUBLE_EQ(t.values[0], -2);
  EXPECT_DOUBLE_EQ(t.values[1], 4);
}

TEST(LogTicks, NoRangeBunchesItsLabels) {
  for (int count : {2, 3, 5, 8})
    for (double lo : {-6.0, -2.3, -0.5, 0.2, 1.0})
      for (double span : {0.05, 0.3, 0.9, 1.3, 2.0, 3.7, 6.6, 12.0}) expect_spread(lo, lo + span, count);
}

TEST(LogTicks, AFewDecadesGetOneTwoFive) {
  const app::Ticks t = app::log_ticks(0, 1, 5);  // 1 to 10
  ASSERT_EQ(t.values.size(), 4u);
  EXPECT_NEAR(std::pow(10.0, t.values[1]), 2, 1e-9);
  EXPECT_NEAR(std::pow(10.0, t.values[2]), 5, 1e-9);
}
