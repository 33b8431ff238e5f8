// Run health: each sign on inputs whose answer is known, and the whole check on a short
// healthy ring run and on one broken on purpose (no NaN anywhere).
#include <gtest/gtest.h>

#include <cmath>

#include "nn/rng.h"
#include "nn/threads.h"
#include "train/snapshot_builder.h"
#include "train/lesson.h"
#include "train/run_health.h"
#include "train/trainer.h"

using namespace ganscope;
using train::MetricRow;

namespace {

std::vector<MetricRow> rows(std::size_t n, float d_fake, float grad_g) {
  std::vector<MetricRow> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i].step = std::int64_t(i + 1);
    out[i].d_real = 1 - d_fake;
    out[i].d_fake = d_fake;
    out[i].grad_norm_g = grad_g;
    out[i].grad_norm_d = 0.5f;
  }
  return out;
}

// n points evenly round a circle of radius 2 centred at (cx, cy), as (x, y) pairs.
std::vector<float> circle(int n, float cx = 0, float cy = 0) {
  std::vector<float> xy;
  for (int i = 0; i < n; ++i) {
    const double a = 2 * M_PI * i / n;
    xy.push_back(cx + 2 * float(std::cos(a)));
    xy.push_back(cy + 2 * float(std::sin(a)));
  }
  return xy;
}

std::vector<float> pushes(int n, float size) { return std::vector<float>(std::size_t(2 * n), size); }

constexpr int kImages = 16, kSide = 28;

// Images whose pixels follow f(image, row, col).
template <typename F>
std::vector<std::uint8_t> images(F f) {
  std::vector<std::uint8_t> px;
  for (int n = 0; n < kImages; ++n)
    for (int r = 0; r < kSide; ++r)
      for (int c = 0; c < kSide; ++c) px.push_back(std::uint8_t(f(n, r, c)));
  return px;
}

}  // namespace

TEST(RunHealth, HealthyHistoryAndTooShortOnesPass) {
  const train::Hyper h;
  EXPECT_EQ(train::history_warning(rows(800, 0.45f, 1.0f), h), "");
  // D winning for fewer steps than the window is not yet a broken run.
  EXPECT_EQ(train::history_warning(rows(train::kHealthWindow - 1, 0.001f, 1e-4f), h), "");
}

TEST(RunHealth, DHasWonWhenDOfGzStaysNearZeroAndGsGradientCollapses) {
  train::Hyper h;
  h.objective = &train::objective_from_string("minimax");
  h.lr_d = 0.1f;
  const std::string w = train::history_warning(rows(600, 0.001f, 1e-4f), h);
  EXPECT_NE(w.find("D has won"), std::string::npos) << w;
  EXPECT_STREQ(train::lesson_for_warning(w), "2-saturating-loss");
  EXPECT_NE(w.find("non-saturating"), std::string::npos) << w;
  EXPECT_NE(w.find("lower lr D"), std::string::npos) << w;
  EXPECT_NE(w.find("Reset"), std::string::npos) << w;
  // One step in the window where D(G(z)) rose clears it: D had not won throughout.
  std::vector<MetricRow> r = rows(600, 0.001f, 1e-4f);
  r[400].d_fake = 0.4f;
  EXPECT_EQ(train::history_warning(r, h), "");
  // D near 0 while G still gets a strong gradient (the non-saturating loss): G can recover.
  EXPECT_EQ(train::history_warning(rows(600, 0.001f, 2.0f), h), "");
}

// A critic's D(G(z)) is a raw score: below 0.05 is where a healthy WGAN-GP critic puts the
// fakes (lesson 6 showed "D has won" on one). Only an absent gradient warns there.
TEST(RunHealth, ACriticsRawScoresNeverSayDHasWon) {
  train::Hyper h;
  h.objective = &train::objective_from_string("wgan-gp");
  EXPECT_EQ(train::history_warning(rows(600, -1.3f, 1e-3f), h), "");
  EXPECT_NE(train::history_warning(rows(600, -1.3f, 0.0f), h).find("no gradient"), std::string::npos);
}

TEST(RunHealth, ZeroGradientForGIsAWarningWhateverDSays) {
  train::Hyper h;
  h.lr_g = 0.1f;
  const std::string w = train::history_warning(rows(600, 0.11f, 0.0f), h);
  EXPECT_NE(w.find("no gradient"), std::string::npos) << w;
  EXPECT_STREQ(train::lesson_for_warning(w), "6-why-wasserstein");
  EXPECT_NE(w.find("lower lr G"), std::string::npos) << w;
}

TEST(RunHealth, PlaneFakesOnTheDataAreHealthy) {
  const auto real = circle(256), fakes = circle(64);
  const train::PlaneHealth p = train::measure_plane(fakes, pushes(64, 0.5f), real);
  EXPECT_NEAR(p.data_scale, 2.0f, 1e-3);
  EXPECT_EQ(p.far_share, 0.0f);
  EXPECT_NEAR(p.spread, 1.0f, 1e-3);
  EXPECT_EQ(train::plane_warning(p, train::Hyper{}), "");
}

TEST(RunHealth, PlaneFakesFarOffWithNoPushWarnButPushedOnesDoNot) {
  const auto real = circle(256), far = circle(64, 10, 10);
  const train::PlaneHealth stuck = train::measure_plane(far, pushes(64, 1e-6f), real);
  EXPECT_EQ(stuck.far_share, 1.0f);
  const std::string w = train::plane_warning(stuck, train::Hyper{});
  EXPECT_NE(w.find("far off the data"), std::string::npos) << w;
  EXPECT_STREQ(train::lesson_for_warning(w), "6-why-wasserstein");
  // Far off but pushed back hard: G is on its way, not broken.
  EXPECT_EQ(train::plane_warning(train::measure_plane(far, pushes(64, 0.5f), real), {}), "");
}

TEST(RunHealth, PlaneFakesInOnePlaceAreACollapse) {
  const std::vector<float> point(128, 2.0f);  // every fake at (2, 2)
  const std::string w =
      train::plane_warning(train::measure_plane(point, pushes(64, 0.5f), circle(256)), {});
  EXPECT_NE(w.find("collapsed"), std::string::npos) << w;
}

// Every warning links a lesson that exists; nothing else does.
TEST(RunHealth, EachWarningNamesALessonThatExists) {
  const std::vector<float> point(128, 2.0f);
  const std::string collapse =
      train::plane_warning(train::measure_plane(point, pushes(64, 0.5f), circle(256)), {});
  EXPECT_STREQ(train::lesson_for_warning(collapse), "3-mode-collapse");
  for (const char* name : {"2-saturating-loss", "3-mode-collapse", "4-instability", "6-why-wasserstein"})
    EXPECT_NO_THROW(train::load_lesson(name)) << name;
  EXPECT_EQ(train::lesson_for_warning(""), nullptr);
  EXPECT_EQ(train::lesson_for_warning("training paused"), nullptr);
}

TEST(RunHealth, NonFiniteFakesCountAsFarAndDoNotPoisonTheMeasures) {
  std::vector<float> fakes = circle(64, 10, 10);
  fakes[0] = NAN;
  const train::PlaneHealth p = train::measure_plane(fakes, pushes(64, 1e-6f), circle(256));
  EXPECT_EQ(p.far_share, 1.0f);
  EXPECT_TRUE(std::isfinite(p.spread));
  EXPECT_NE(train::plane_warning(p, {}), "");
}

TEST(RunHealth, ImagesWithShapesPassNoiseSaturationAndBlanksWarn) {
  // A soft blob whose place differs per image: neighbours correlate strongly.
  const auto blobs = images([](int n, int r, int c) {
    const double dr = r - 8 - n % 10, dc = c - 10 - n % 7;
    return 255 * std::exp(-(dr * dr + dc * dc) / 30);
  });
  const train::ImageHealth good = train::measure_images(blobs, kImages, kSide, kSide);
  EXPECT_GT(good.neighbour_correlation, 0.8f);
  EXPECT_EQ(train::image_warning(good, {}), "");

  nn::Rng rng(7);
  const auto noise = images([&](int, int, int) { return 255 * rng.uniform(); });
  const std::string w_noise =
      train::image_warning(train::measure_images(noise, kImages, kSide, kSide), {});
  EXPECT_NE(w_noise.find("noise"), std::string::npos) << w_noise;
  EXPECT_STREQ(train::lesson_for_warning(w_noise), "4-instability");

  const auto salt = images([&](int, int, int) { return rng.uniform() < 0.5 ? 0 : 255; });
  const train::ImageHealth s = train::measure_images(salt, kImages, kSide, kSide);
  EXPECT_EQ(s.saturated_share, 1.0f);
  EXPECT_NE(train::image_warning(s, {}).find("saturated"), std::string::npos);

  const auto grey = images([](int n, int, int) { return 100 + n; });
  const train::ImageHealth flat = train::measure_images(grey, kImages, kSide, kSide);
  EXPECT_EQ(flat.blank_share, 1.0f);
  EXPECT_NE(train::image_warning(flat, {}).find("blank"), std::string::npos);
  EXPECT_STREQ(train::lesson_for_warning(train::image_warning(flat, {})), "3-mode-collapse");
}

TEST(RunHealth, NothingIsSaidBeforeTheWarmup) {
  train::Snapshot s;
  s.images = true;
  s.step = train::kHealthWarmupSteps - 1;
  EXPECT_EQ(train::run_health_warning(s, rows(600, 0.001f, 0.0f)), "");
  s.step = train::kHealthWarmupSteps;
  EXPECT_NE(train::run_health_warning(s, rows(600, 0.001f, 0.0f)), "");
}

// The ring preset's own run is healthy at 1,100 steps; with lr_d 0.1 and the minimax loss D
// wins outright by step 1,000 (D(G(z)) ~1e-5, nothing NaN) and the check says so.
TEST(RunHealth, ShortRingRunsHealthyAndBroken) {
  nn::set_compute_threads(1);  // the ring's GEMMs are too small to split (see session.h)
  auto verdict = [](train::Config cfg) {
    auto t = train::Trainer::open(cfg);
    for (int i = 0; i < 1100; ++i) t->step();
    EXPECT_FALSE(t->diverged());
    train::Snapshot s;
    train::fill_snapshot(*t, s);
    return train::run_health_warning(s, t->history().rows());
  };
  EXPECT_EQ(verdict(train::load_preset("ring")), "");
  train::Config broken = train::load_preset("ring");
  broken.hyper.lr_d = 0.1f;
  broken.hyper.objective = &train::objective_from_string("minimax");
  EXPECT_NE(verdict(broken).find("D has won"), std::string::npos);
}
