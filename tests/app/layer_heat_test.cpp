// The model table's heat strip (app/layer_heat.h): where a gradient norm lies on its fixed
// scale, the colours at its ends, and the cells' short numbers.
#include "app/layer_heat.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace ganscope::app;

TEST(LayerHeat, DecadesAreEvenStepsOnAFixedScale) {
  EXPECT_FLOAT_EQ(grad_heat(1e-5f), 0.0f);
  EXPECT_FLOAT_EQ(grad_heat(100.0f), 1.0f);
  EXPECT_NEAR(grad_heat(1e-2f), 3.0f / 7, 1e-6);
  EXPECT_NEAR(grad_heat(10.0f), 6.0f / 7, 1e-6);
  EXPECT_FLOAT_EQ(grad_heat(1e-9f), 0.0f);  // clamped: vanished is as blue as 1e-5
  EXPECT_FLOAT_EQ(grad_heat(1e6f), 1.0f);
  EXPECT_TRUE(std::isnan(grad_heat(std::nanf(""))));  // not measured yet
  EXPECT_TRUE(std::isnan(grad_heat(0.0f)));
}

// IM_COL32's packing: r in the low byte.
int heat_red(std::uint32_t c) { return int(c & 0xff); }
int heat_blue(std::uint32_t c) { return int((c >> 16) & 0xff); }

TEST(LayerHeat, VanishingIsBlueAndExplodingRed) {
  EXPECT_GT(heat_blue(grad_heat_colour(0)), 2 * heat_red(grad_heat_colour(0)));
  EXPECT_GT(heat_red(grad_heat_colour(1)), 3 * heat_blue(grad_heat_colour(1)));
  // Red rises and blue falls all the way along.
  for (float t = 0.05f; t <= 1.0f; t += 0.05f) {
    EXPECT_GE(heat_red(grad_heat_colour(t)), heat_red(grad_heat_colour(t - 0.05f))) << t;
    EXPECT_LE(heat_blue(grad_heat_colour(t)), heat_blue(grad_heat_colour(t - 0.05f))) << t;
  }
}

TEST(LayerHeat, ShortNorms) {
  EXPECT_EQ(short_norm(0.031f), "0.031");
  EXPECT_EQ(short_norm(1.23f), "1.2");
  EXPECT_EQ(short_norm(42.4f), "42");
  EXPECT_EQ(short_norm(3.1e-5f), "3e-05");
  EXPECT_EQ(short_norm(2048.0f), "2e+03");
  EXPECT_EQ(short_norm(std::nanf("")), "");
}

}  // namespace
