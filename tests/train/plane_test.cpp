// The 2D playground's view of the game: half steps, D's heatmap, the push on each fake point,
// the generator's manifold, and slow motion.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "train/snapshot_builder.h"
#include "train/session.h"
#include "train/trainer.h"

using namespace ganscope;

namespace {

// The ring preset's run after `steps` steps.
std::unique_ptr<train::Trainer> trained_ring(int steps) {
  auto t = train::Trainer::open(train::load_preset("ring"));
  for (int i = 0; i < steps; ++i) t->step();
  return t;
}

TEST(Plane, HalfStepsMoveOnlyTheirOwnNetwork) {
  auto t = trained_ring(20);
  std::vector<float> probe = {0.5f, 0.5f, -2.0f, 0.0f, 1.0f, -1.5f};
  auto g_before = t->generate(8, 3);
  auto d_before = t->discriminate(probe.data(), 3);
  t->step(train::StepKind::DOnly);
  EXPECT_EQ(t->generate(8, 3), g_before) << "a D update must leave G alone";
  EXPECT_NE(t->discriminate(probe.data(), 3), d_before);
  d_before = t->discriminate(probe.data(), 3);
  t->step(train::StepKind::GOnly);
  EXPECT_EQ(t->discriminate(probe.data(), 3), d_before) << "a G update must leave D alone";
  EXPECT_NE(t->generate(8, 3), g_before);
  EXPECT_EQ(t->steps(), 21);  // the two halves make one step
}

TEST(Plane, HeatmapIsDOverTheViewRectangle) {
  auto t = trained_ring(50);
  train::PlaneRect view{-1.0f, 3.0f, -2.0f, 2.0f};
  train::Snapshot s;
  train::fill_snapshot(*t, s, view);
  const int n = s.plane.heatmap_size;
  ASSERT_EQ(n, train::SnapshotBuilder::kHeatmapSize);
  ASSERT_EQ(s.plane.heatmap.size(), std::size_t(n) * n);
  // Cell (row r, column c) holds D at that cell's centre.
  for (auto [r, c] : {std::pair{0, 0}, {n - 1, 5}, {n / 2, n - 1}}) {
    float xy[2] = {view.x0 + (view.x1 - view.x0) * (c + 0.5f) / n, view.y0 + (view.y1 - view.y0) * (r + 0.5f) / n};
    EXPECT_NEAR(s.plane.heatmap[std::size_t(r) * n + c], t->discriminate(xy, 1)[0], 1e-5);
  }
}

namespace {

// The share of fake points (in percent) where moving a little along the push raises D.
int percent_rising_along_push(train::Trainer& t) {
  train::Snapshot s;
  train::fill_snapshot(t, s);
  EXPECT_EQ(s.plane.fake_push.size(), s.grid_points.size());
  int rises = 0, total = 0;
  for (std::size_t i = 0; i + 1 < s.grid_points.size(); i += 2) {
    float gx = s.plane.fake_push[i], gy = s.plane.fake_push[i + 1];
    float norm = std::hypot(gx, gy);
    if (norm < 1e-6f) continue;
    float here[2] = {s.grid_points[i], s.grid_points[i + 1]};
    float there[2] = {here[0] + 1e-3f * gx / norm, here[1] + 1e-3f * gy / norm};
    rises += t.discriminate(there, 1)[0] > t.discriminate(here, 1)[0];
    ++total;
  }
  EXPECT_GT(total, 100);
  return total > 0 ? 100 * rises / total : 0;
}

}  // namespace

// Moving a fake point a little along its push raises D there, which is what lowers the
// non-saturating generator loss -log D.
TEST(Plane, FakePushPointsWhereDRises) {
  auto t = trained_ring(100);
  EXPECT_GT(percent_rising_along_push(*t), 95);
}

// A critic: the heatmap holds its raw values (the window centres its colours between real and
// fake), and the push, -dL_G/dx with L_G = -D(G(z)), is +grad_x D: it climbs the critic.
TEST(Plane, CriticHeatmapIsRawAndThePushClimbsIt) {
  auto t = train::Trainer::open(train::apply_setting(train::load_preset("ring"),
                                                     "objective=wgan-gp"));
  for (int i = 0; i < 100; ++i) t->step();
  train::Snapshot s;
  train::fill_snapshot(*t, s);
  const int n = s.plane.heatmap_size;
  ASSERT_EQ(s.plane.heatmap.size(), std::size_t(n) * n);
  const train::PlaneRect v = s.plane.view;
  for (auto [r, c] : {std::pair{0, 0}, {n - 1, 5}, {n / 2, n - 1}}) {
    float xy[2] = {v.x0 + (v.x1 - v.x0) * (c + 0.5f) / n, v.y0 + (v.y1 - v.y0) * (r + 0.5f) / n};
    const float raw = t->discriminate(xy, 1)[0];  // shown() of a critic: its raw score
    EXPECT_NEAR(s.plane.heatmap[std::size_t(r) * n + c], raw, 1e-5f * std::max(1.0f, std::fabs(raw)));
  }
  EXPECT_GT(percent_rising_along_push(*t), 95);
}

TEST(Plane, ManifoldIsGOnARegularLatentGrid) {
  auto t = trained_ring(10);
  train::Snapshot s;
  train::fill_snapshot(*t, s);
  ASSERT_EQ(s.plane.manifold_rows, 24);
  ASSERT_EQ(s.plane.manifold_cols, 24);
  ASSERT_EQ(s.plane.manifold.size(), 2u * 24 * 24);
  // z = (-3, -3, 0, ...) is the first point, (3, 3, 0, ...) the last
  const int dim = t->config().latent_dim;
  std::vector<float> corners(2 * std::size_t(dim), 0.0f);
  corners[0] = corners[1] = -3;
  corners[std::size_t(dim)] = corners[std::size_t(dim) + 1] = 3;
  auto g = s.generator->generate(corners.data(), 2);
  EXPECT_NEAR(s.plane.manifold[0], g[0], 1e-5);
  EXPECT_NEAR(s.plane.manifold[1], g[1], 1e-5);
  EXPECT_NEAR(s.plane.manifold[s.plane.manifold.size() - 2], g[2], 1e-5);
  EXPECT_NEAR(s.plane.manifold.back(), g[3], 1e-5);
}

TEST(Plane, SlowMotionPublishesEachSubStep) {
  train::Config c = train::load_preset("ring");
  train::Session session(c, false);
  session.set_threads(1);
  session.set_slow_motion(0.02);
  session.start();
  bool saw_d = false, saw_g = false;
  for (int i = 0; i < 500 && !(saw_d && saw_g); ++i) {
    auto s = session.snapshot();
    saw_d |= s->substep.rfind("D update", 0) == 0;
    saw_g |= s->substep.rfind("G update", 0) == 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(saw_d);
  EXPECT_TRUE(saw_g);
  session.stop();
}

}  // namespace

namespace {

TEST(Plane, ZoomWhilePausedRepublishesTheHeatmap) {
  train::Session session(train::load_preset("ring"), /*start_paused=*/true);
  session.set_threads(1);
  session.start();
  train::PlaneRect view{0.5f, 1.5f, -0.25f, 0.75f};
  session.set_plane_view(view);
  bool seen = false;
  for (int i = 0; i < 400 && !seen; ++i) {
    auto s = session.snapshot();
    seen = s->plane.view.x0 == view.x0 && s->plane.view.y1 == view.y1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(session.step(), 0);
  session.stop();
}

}  // namespace
