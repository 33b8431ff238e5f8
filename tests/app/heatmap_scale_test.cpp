// The plane's colour scale (app/heatmap_scale.h): probabilities as they are, a critic's raw
// values centred between its real and fake means, wide enough for the view.
#include "app/heatmap_scale.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using ganscope::app::HeatmapScale;

TEST(HeatmapScale, ProbabilitiesMapToThemselves) {
  const HeatmapScale p = ganscope::app::probability_scale();
  EXPECT_FALSE(p.critic);
  for (float v : {0.0f, 0.25f, 0.5f, 1.0f}) EXPECT_FLOAT_EQ(p.unit(v), v);
}

// The centre is midway between the means, whatever the critic's offset: the same critic
// shifted by 1000 gets the same colours.
TEST(HeatmapScale, CriticIsCentredBetweenRealAndFakeMeans) {
  const std::vector<float> real = {2, 4}, fake = {-1, -3}, view = {-3, 0, 1, 4};
  for (float offset : {0.0f, 1000.0f}) {
    auto shift = [&](std::vector<float> v) {
      for (float& x : v) x += offset;
      return v;
    };
    const HeatmapScale s = ganscope::app::critic_scale(shift(real), shift(fake), shift(view));
    EXPECT_TRUE(s.critic);
    EXPECT_FLOAT_EQ(s.centre, 0.5f + offset);  // (3 + -2) / 2
    EXPECT_FLOAT_EQ(s.unit(0.5f + offset), 0.5f);
    EXPECT_FLOAT_EQ(s.half_range, 3.5f);  // the view's farthest value from the centre
    EXPECT_GT(s.unit(3 + offset), 0.5f);  // real means are on the teal side
    EXPECT_LT(s.unit(-2 + offset), 0.5f);
  }
}

// 98% of the view: one far corner in a hundred cells does not set the range.
TEST(HeatmapScale, RangeLeavesOutTheFarthestCells) {
  std::vector<float> view(200, 1.0f);
  view[7] = 500;
  view[8] = -NAN;
  const HeatmapScale s = ganscope::app::critic_scale({1}, {-1}, view);
  EXPECT_FLOAT_EQ(s.centre, 0);
  EXPECT_FLOAT_EQ(s.half_range, 1);
}

// The means always lie on the scale, and a flat critic (its first steps) divides by no zero.
TEST(HeatmapScale, RangeHoldsBothMeansAndIsNeverZero) {
  const HeatmapScale wide = ganscope::app::critic_scale({10}, {-10}, {0.1f, -0.1f});
  EXPECT_FLOAT_EQ(wide.half_range, 10);
  const HeatmapScale flat = ganscope::app::critic_scale({0.3f}, {0.3f}, {0.3f, 0.3f});
  EXPECT_GT(flat.half_range, 0);
  EXPECT_TRUE(std::isfinite(flat.unit(0.31f)));
}

// Before the first D outputs there are no means: the view's median is the centre.
TEST(HeatmapScale, WithoutBatchesTheViewsMedianIsTheCentre) {
  const HeatmapScale s = ganscope::app::critic_scale({}, {NAN}, {5, 6, 7, 8, 9});
  EXPECT_FLOAT_EQ(s.centre, 7);
  EXPECT_FLOAT_EQ(s.half_range, 2);
}

TEST(HeatmapScale, EasingWidensAtOnceAndNarrowsSlowly) {
  HeatmapScale previous{1.0f, 2.0f, true};
  HeatmapScale target{3.0f, 4.0f, true};
  HeatmapScale eased = ganscope::app::ease(previous, target);
  EXPECT_FLOAT_EQ(eased.centre, 3);  // the centre never lags
  EXPECT_FLOAT_EQ(eased.half_range, 4);
  target.half_range = 1;
  eased = ganscope::app::ease(eased, target);
  EXPECT_FLOAT_EQ(eased.half_range, 4 - 0.2f * 3);
  // A switch between probabilities and a critic takes the new scale as it is.
  EXPECT_FLOAT_EQ(ganscope::app::ease(eased, ganscope::app::probability_scale()).half_range, 0.5f);
}
