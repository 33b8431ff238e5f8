// Walks through G's latent space (train/latent_walk.h, train/latent_path.h): slerp keeps a
// Gaussian latent's norm where lerp shrinks it; a walk's rows start and end at its waypoints'
// images; its GIF has each point once; bad walks are refused.
#include <gtest/gtest.h>

#include <cmath>

#include "data/dataset.h"
#include "support/test_support.h"
#include "train/latent_path.h"
#include "train/latent_walk.h"
#include "train/trainer.h"

using namespace ganscope;

namespace {

double norm(const std::vector<float>& z) {
  double s = 0;
  for (float v : z) s += double(v) * v;
  return std::sqrt(s);
}

TEST(LatentPath, SlerpKeepsTheNormLerpCutsTheCorner) {
  const std::vector<float> a = {3, 0, 0, 0}, b = {0, 3, 0, 0};
  EXPECT_NEAR(norm(train::interpolate(a, b, 0.5f, true)), 3.0, 1e-5);
  EXPECT_NEAR(norm(train::interpolate(a, b, 0.5f, false)), 3.0 / std::sqrt(2.0), 1e-5);
  EXPECT_EQ(train::interpolate(a, b, 0.0f, true), a);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(train::interpolate(a, b, 1.0f, true)[i], b[i], 1e-6);
}

struct WalkFixture : ::testing::Test {
  train::Trainer trainer{train::parse_config(R"({"data": "random", "batch": 8, "latent_dim": 4, "grid": 4,
    "generator": [{"type": "linear", "units": 48}, {"type": "tanh"}],
    "discriminator": [{"type": "linear", "units": 1}]})", "walk.json"),
                         data::random_images(16, 4, 4, 1, 3)};
  std::shared_ptr<const train::GeneratorCopy> g = trainer.copy_generator();
  std::vector<float> a = {1, 0, 0, 0}, b = {0, 1, 0, 0}, c = {0, 0, -1, 1};

  std::vector<std::uint8_t> image_of(const std::vector<float>& z) const {
    const std::vector<float> y = g->generate(z.data(), 1);
    std::vector<std::uint8_t> px(y.size());
    train::to_pixels(y.data(), y.size(), px.data());
    return px;
  }
  std::vector<std::uint8_t> image(const train::WalkImages& w, int k) const {
    const auto at = w.pixels.begin() + std::ptrdiff_t(k) * 48;
    return {at, at + 48};
  }
};

TEST_F(WalkFixture, RowsRunFromWaypointToWaypoint) {
  train::Walk walk;
  walk.waypoints = {a, b, c};
  walk.steps = 4;
  const train::WalkImages w = train::walk_images(*g, walk, 4, 4, 3);
  EXPECT_EQ(w.legs, 2);
  EXPECT_EQ(w.per_leg, 5);
  ASSERT_EQ(w.pixels.size(), 10u * 48u);
  EXPECT_EQ(image(w, 0), image_of(a));
  EXPECT_EQ(image(w, 4), image_of(b));
  EXPECT_EQ(image(w, 5), image_of(b));  // the second row starts where the first ended
  EXPECT_EQ(image(w, 9), image_of(c));
  EXPECT_NE(image(w, 2), image_of(a));
  const io::GifFrames gif = train::walk_gif(w, 2);
  EXPECT_EQ(gif.frames.size(), 9u);  // each point once
  EXPECT_EQ(gif.width, 8);
}

TEST_F(WalkFixture, BadWalksAreRefused) {
  train::Walk walk;
  walk.waypoints = {a};
  EXPECT_THROW(train::walk_images(*g, walk, 4, 4, 3), std::invalid_argument);
  walk.waypoints = {a, {1, 2}};
  EXPECT_THROW(train::walk_images(*g, walk, 4, 4, 3), std::invalid_argument);
  walk.waypoints = {a, b};
  EXPECT_THROW(train::walk_images(*g, walk, 4, 4, 1), std::invalid_argument);  // not G's shape
  walk.steps = 1;
  EXPECT_THROW(train::walk_images(*g, walk, 4, 4, 3), std::invalid_argument);
  walk.steps = 4;
  const std::string dir = ganscope::testing::make_temp_dir("walk");
  EXPECT_THROW(train::write_walk(dir + "/w.bmp", train::walk_images(*g, walk, 4, 4, 3)), std::invalid_argument);
  EXPECT_TRUE(ganscope::testing::names_in(dir).empty());
}

}  // namespace
