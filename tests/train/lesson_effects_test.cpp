// Each lesson shows what it says it shows: its script played headless (train/lesson.h), the
// effect its text claims measured with numbers, over the seeds named here. Thresholds come
// from measurements over these seeds (README, "Lessons"); the runs use one thread, as the
// window trains a 2D model.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "nn/threads.h"
#include "train/lesson.h"
#include "train/trainer.h"

using namespace ganscope;
using train::StepKind;
using train::Trainer;

namespace {

constexpr std::uint64_t kSeeds[] = {1, 2, 3};

std::unique_ptr<Trainer> lesson_trainer(const train::Lesson& lesson, std::uint64_t seed) {
  nn::set_compute_threads(1);
  train::Config c = lesson.config;
  c.seed = seed;
  return Trainer::open(c);
}

// A metric of the history rows with step in [from, to).
template <class F>
std::vector<double> column(const Trainer& t, std::int64_t from, std::int64_t to, F f) {
  std::vector<double> out;
  for (const train::MetricRow& r : t.history().rows())
    if (r.step >= from && r.step < to) out.push_back(f(r));
  return out;
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / double(v.size());
}

double stddev(const std::vector<double>& v) {
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / double(v.size()));
}

double row_d_real(const train::MetricRow& r) { return r.d_real; }
double row_d_fake(const train::MetricRow& r) { return r.d_fake; }
double row_grad_g(const train::MetricRow& r) { return r.grad_norm_g; }
double row_loss_d(const train::MetricRow& r) { return r.loss_d; }

// Lesson 2: under minimax, with D winning from the start, G's median gradient norm over steps
// 200-500 is under a third of the non-saturating loss's over the 300 steps after the switch.
// Measured, seeds 1-3: 0.084, 0.088, 0.077 in the Release build; 0.029, 0.226, 0.078 under
// ASan (-O1 rounds differently, and the runs part ways). The ratio swings with the trajectory,
// so the bound is a third, not the tenth first hoped for. Later switches were less clean on
// the ring (at 1,000: up to 0.23; at 3,000: up to 0.39): G escapes D's early win for a while.
TEST(LessonEffects, SaturatingLossVanishesAndTheSwitchBringsItBack) {
  const train::Lesson lesson = train::load_lesson("2-saturating-loss");
  for (std::uint64_t seed : kSeeds) {
    auto t = lesson_trainer(lesson, seed);
    train::play_lesson(lesson, *t, 800);
    const double minimax = median(column(*t, 200, 500, row_grad_g));
    const double ns = median(column(*t, 500, 800, row_grad_g));
    std::printf("seed %llu: median |grad G| minimax %.4g, non-saturating %.4g (ratio %.3f); median D(G(z)) %.3f\n",
                (unsigned long long)seed, minimax, ns, minimax / ns, median(column(*t, 200, 500, row_d_fake)));
    EXPECT_LE(minimax, ns / 3) << "seed " << seed;
  }
}

// Lesson 4: at lr 0.02 and beta1 0.9, D(x) and D(G(z)) wander; after the script lowers them at
// step 2,000, their spread over steps 3,000-3,500 is at most half of that over 1,500-2,000.
// Measured (std of D(x) plus std of D(G(z))): 0.102 -> 0.024, 0.096 -> 0.023, 0.084 -> 0.037.
// At lr 0.01 the step-to-step noise of the batches hid the swings (no change at all).
TEST(LessonEffects, HighLearningRateOscillatesAndLoweringItCalms) {
  const train::Lesson lesson = train::load_lesson("4-instability");
  for (std::uint64_t seed : kSeeds) {
    auto t = lesson_trainer(lesson, seed);
    train::play_lesson(lesson, *t, 3500);
    auto spread = [&](std::int64_t from, std::int64_t to) {
      return stddev(column(*t, from, to, row_d_real)) + stddev(column(*t, from, to, row_d_fake));
    };
    const double high = spread(1500, 2000), low = spread(3000, 3500);
    std::printf("seed %llu: std D(x) + std D(G(z)): %.4f at lr 0.02, %.4f after (ratio %.2f)\n",
                (unsigned long long)seed, high, low, high / low);
    EXPECT_FALSE(t->diverged());
    EXPECT_GE(high, 2 * low) << "seed " << seed;
  }
}

// Lesson 1: in slow motion (steps 300-330), D's half never moves G's points, G's half always
// does; G's half raised D(G(z)) on 512 fixed fakes every time, D's half lowered it on average
// and most times. Measured: D lowered it 22, 30, 29 times of 30 (mean change -0.0098, -0.0096,
// -0.0102), G raised it 30 of 30. Near step 1,500 the halves' effects were lost in noise (15-19
// of 30), so the lesson slows down early, while G spreads out.
TEST(LessonEffects, SlowMotionHalvesMoveOnePlayerEach) {
  const train::Lesson lesson = train::load_lesson("1-two-player-game");
  for (std::uint64_t seed : kSeeds) {
    auto t = lesson_trainer(lesson, seed);
    auto score = [&](const std::vector<float>& x) {
      const std::vector<float> p = t->discriminate(x.data(), int(x.size() / 2));
      double s = 0;
      for (float v : p) s += v;
      return s / double(p.size());
    };
    std::vector<float> before;
    double score_before = 0, d_change = 0;
    int d_halves = 0, d_lowered = 0, g_raised = 0, d_moved = 0, g_still = 0;
    train::play_lesson(lesson, *t, 330, [&](Trainer& tr, StepKind kind) {
      if (kind == StepKind::Both) {
        before = tr.generate(512, 7);
        score_before = score(before);
        return;
      }
      const std::vector<float> after = tr.generate(512, 7);
      const double score_after = score(after);
      const bool moved = after != before;
      if (kind == StepKind::DOnly) {
        ++d_halves;
        d_lowered += score_after < score_before;
        d_change += score_after - score_before;
        d_moved += moved;
      } else {
        g_raised += score_after > score_before;
        g_still += !moved;
      }
      before = after;
      score_before = score_after;
    });
    std::printf("seed %llu: %d D halves: %d lowered D(G(z)) (mean change %.4f), %d moved G; G halves: %d raised it, %d left G still\n",
                (unsigned long long)seed, d_halves, d_lowered, d_change / d_halves, d_moved, g_raised, g_still);
    EXPECT_EQ(d_halves, 30);
    EXPECT_EQ(d_moved, 0) << "seed " << seed;
    EXPECT_EQ(g_still, 0) << "seed " << seed;
    EXPECT_LT(d_change, 0) << "seed " << seed;
    EXPECT_GE(d_lowered, 20) << "seed " << seed;
    EXPECT_GE(g_raised, 27) << "seed " << seed;
  }
}

// Lesson 8: D's mean loss over steps 3,000-4,000 is within 0.2 of its mean over 500-1,000,
// while the high-quality share climbs by 25 points or more from step 1,000 to 4,000.
// Measured: loss_d 0.615 -> 0.648, 0.616 -> 0.592, 0.534 -> 0.396; high quality 0% -> 67%,
// 2% -> 42%, 0% -> 32%. (Modes captured was no good here: 6-8 of 8 already at step 800, by
// one stray sample each.)
TEST(LessonEffects, LossesStayWhileQualityClimbs) {
  const train::Lesson lesson = train::load_lesson("8-measuring");
  for (std::uint64_t seed : kSeeds) {
    auto t = lesson_trainer(lesson, seed);
    train::QualityStats early, late;
    train::play_lesson(lesson, *t, 4000, [&](Trainer& tr, StepKind) {
      if (tr.steps() == 1000) early = tr.measure_quality();
      if (tr.steps() == 4000) late = tr.measure_quality();
    });
    const double d_early = mean(column(*t, 500, 1000, row_loss_d)), d_late = mean(column(*t, 3000, 4000, row_loss_d));
    std::printf("seed %llu: loss_d %.3f over 500-1,000, %.3f over 3,000-4,000; high quality %.0f%% -> %.0f%%\n",
                (unsigned long long)seed, d_early, d_late, double(early.high_quality), double(late.high_quality));
    EXPECT_LE(std::fabs(d_early - d_late), 0.2) << "seed " << seed;
    EXPECT_GE(late.high_quality - early.high_quality, 25) << "seed " << seed;
  }
}

}  // namespace
