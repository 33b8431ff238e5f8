// Each lesson shows what it says it shows: its script played headless (train/lesson.h), the
// effect its text claims measured with numbers, over the seeds named here. Thresholds come
// from measurements over these seeds (README, "Lessons"); the runs use one thread, as the
// window trains a 2D model.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

#include "nn/linear.h"
#include "nn/spectral_norm.h"
#include "nn/threads.h"
#include "support/linalg_support.h"
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

// The lesson's run for seed, played headless for steps (after as play_lesson takes it).
std::unique_ptr<Trainer> played(const train::Lesson& lesson, std::uint64_t seed, std::int64_t steps,
                                const std::function<void(Trainer&, StepKind)>& after = {}) {
  auto t = lesson_trainer(lesson, seed);
  train::play_lesson(lesson, *t, steps, after);
  return t;
}

// The same to step `last`, G's sample quality measured after step `first` and after `last`.
struct QualityRun {
  std::unique_ptr<Trainer> t;
  train::QualityStats first, last;
};
QualityRun played_with_quality(const train::Lesson& lesson, std::uint64_t seed, std::int64_t first, std::int64_t last) {
  QualityRun r;
  r.t = played(lesson, seed, last, [&](Trainer& tr, StepKind) {
    if (tr.steps() == first) r.first = tr.measure_quality();
    if (tr.steps() == last) r.last = tr.measure_quality();
  });
  return r;
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

// G's median gradient norm over the rows with step in [from, to).
double median_grad_g(const Trainer& t, std::int64_t from, std::int64_t to) {
  return median(column(t, from, to, row_grad_g));
}

// The largest singular value of each Linear layer of D as D applies it (W / sigma(W) under
// spectral norm), by SVD rather than the layer's own power iteration.
std::vector<double> d_layer_sigmas(Trainer& t) {
  std::vector<double> out;
  auto& d = t.discriminator_net();
  for (std::size_t i = 0; i < d.size(); ++i) {
    nn::Layer<float>* layer = &d.layer(i);
    if (auto* sn = dynamic_cast<nn::SpectralNorm<float>*>(layer)) layer = &sn->inner();
    if (auto* linear = dynamic_cast<nn::Linear<float>*>(layer))
      out.push_back(ganscope::testing::largest_singular_value(linear->weight().cast<double>()));
  }
  return out;
}

// D's steepest logit slope over [-3, 3]^2 (the ring and round it), by differences on an 81 x 81
// grid: a lower bound on D's Lipschitz constant there.
double d_logit_slope(Trainer& t) {
  constexpr int n = 81;
  constexpr float half = 3, h = 2 * half / (n - 1);
  nn::MatF x(2, n * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) x.col(i * n + j) << -half + h * i, -half + h * j;
  const nn::MatF s = t.discriminator_net().forward(x);
  double steepest = 0;
  for (int i = 0; i + 1 < n; ++i)
    for (int j = 0; j + 1 < n; ++j) {
      const double here = s(0, i * n + j);
      steepest = std::max(steepest, std::hypot(s(0, (i + 1) * n + j) - here, s(0, i * n + j + 1) - here) / h);
    }
  return steepest;
}

// Lesson 2: under minimax, with D winning from the start, G's median gradient norm over steps
// 200-500 is under a third of the non-saturating loss's over the 300 steps after the switch.
// Measured, seeds 1-3: 0.084, 0.088, 0.077 in the Release build; 0.029, 0.226, 0.078 under
// ASan (-O1 rounds differently, and the runs part ways). The ratio swings with the trajectory,
// so the bound is a third, not the tenth first hoped for. Later switches were less clean on
// the ring (at 1,000: up to 0.23; at 3,000: up to 0.39): G escapes D's early win for a while.
TEST(LessonEffects, SaturatingLossVanishesAndTheSwitchBringsItBack) {
  const train::Lesson lesson = train::load_lesson("2-saturating-loss");
  for (std::uint64_t seed : kSeeds) {
    auto t = played(lesson, seed, 800);
    const double minimax = median_grad_g(*t, 200, 500);
    const double ns = median_grad_g(*t, 500, 800);
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
    auto t = played(lesson, seed, 3500);
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
    const auto [t, early, late] = played_with_quality(lesson, seed, 1000, 4000);
    const double d_early = mean(column(*t, 500, 1000, row_loss_d)), d_late = mean(column(*t, 3000, 4000, row_loss_d));
    std::printf("seed %llu: loss_d %.3f over 500-1,000, %.3f over 3,000-4,000; high quality %.0f%% -> %.0f%%\n",
                (unsigned long long)seed, d_early, d_late, double(early.high_quality), double(late.high_quality));
    EXPECT_LE(std::fabs(d_early - d_late), 0.2) << "seed " << seed;
    EXPECT_GE(late.high_quality - early.high_quality, 25) << "seed " << seed;
  }
}

// Lesson 3: at lr 0.01 and batch 64 G collapses onto a few modes and stays there after the rates
// come down at step 2,000; with packing 2 from step 3,500, modes captured at step 11,000 is 7 or
// more, and the samples spread more evenly over the modes (reverse KL falls). Measured, seeds
// 1-3: modes 3 -> 8, 2 -> 8, 5 -> 8; reverse KL 1.00 -> 0.69, 1.39 -> 0.64, 0.87 -> 0.18 (high
// quality 95, 97, 89% -> 33, 35, 39%, still climbing). Seeds 4-8: 4 and 8 never collapsed (7-8
// modes throughout), 5-7 went from 2-3 to 7-8. Without the fix the collapse held to step 7,000
// (3, 2, 4-5 modes); a fresh D with packing 1 got back 6, 7, 4, and r1 1 or wgan-gp (packing 1)
// 2, 7, 1 and 3, 2, 6 by step 7,000.
TEST(LessonEffects, CollapseOutlastsSaneRatesAndPackingBringsTheModesBack) {
  const train::Lesson lesson = train::load_lesson("3-mode-collapse");
  for (std::uint64_t seed : kSeeds) {
    // Step 3,500's quality is measured before packing goes on at that step.
    const auto [t, collapsed, packed] = played_with_quality(lesson, seed, 3500, 11000);
    std::printf("seed %llu: modes %d -> %d of 8, reverse KL %.3f -> %.3f, high quality %.0f%% -> %.0f%%\n",
                (unsigned long long)seed, collapsed.modes_captured, packed.modes_captured, double(collapsed.reverse_kl),
                double(packed.reverse_kl), double(collapsed.high_quality), double(packed.high_quality));
    EXPECT_EQ(t->hyper().packing, 2);
    EXPECT_LE(collapsed.modes_captured, 5) << "seed " << seed;
    EXPECT_GE(packed.modes_captured, 7) << "seed " << seed;
    EXPECT_LT(packed.reverse_kl, collapsed.reverse_kl) << "seed " << seed;
  }
}

// Lesson 6: G held still off the ring. Under minimax, D saturates (mean D(x) > 0.99, D(G(z)) <
// 0.01 over steps 750-1,000) and G's median gradient norm there is under a thirtieth of the
// WGAN-GP critic's over steps 1,250-1,500; under the clipped critic (steps 1,750-2,000) it is
// under a thirtieth again. Measured, seeds 1-3, median |grad G|: minimax 1.7e-4, 1.7e-3,
// 2.7e-4 (D(x) 0.9998, D(G(z)) 0.0004-0.0017); wgan-gp 0.32, 0.41, 0.29; wgan (clip 0.01)
// 7.6e-5, 3.4e-4, 3.0e-4. Under the non-saturating loss G's gradient grew instead (0.06 -> 0.5-1.2
// over 1,500 steps), so the lesson plays the original game, whose divergence is JS.
TEST(LessonEffects, SaturatedBceAndClippedCriticLoseTheGradientTheWganGpCriticKeeps) {
  const train::Lesson lesson = train::load_lesson("6-why-wasserstein");
  for (std::uint64_t seed : kSeeds) {
    auto t = played(lesson, seed, 2000);
    const double bce = median_grad_g(*t, 750, 1000);
    const double gp = median_grad_g(*t, 1250, 1500);
    const double clipped = median_grad_g(*t, 1750, 2000);
    const double d_real = mean(column(*t, 750, 1000, row_d_real)), d_fake = mean(column(*t, 750, 1000, row_d_fake));
    std::printf("seed %llu: median |grad G| minimax %.3g (D(x) %.4f, D(G(z)) %.4f), wgan-gp %.3g, wgan %.3g\n",
                (unsigned long long)seed, bce, d_real, d_fake, gp, clipped);
    EXPECT_GT(d_real, 0.99) << "seed " << seed;
    EXPECT_LT(d_fake, 0.01) << "seed " << seed;
    EXPECT_LE(bce, gp / 30) << "seed " << seed;
    EXPECT_LE(clipped, gp / 30) << "seed " << seed;
    EXPECT_FLOAT_EQ(t->hyper().gp, 10);  // wgan-gp brought its penalty
  }
}

// Lesson 7: spectral norm on at step 2,000. Each of D's layers then applies a matrix of largest
// singular value about 1 (their product under 1.5), from a product of 20 or more; D's steepest
// logit slope over the plane falls tenfold or more, and |D(x) - D(G(z))| over steps 2,500-3,000
// is under half of that over 1,500-2,000. Measured, seeds 1-3: sigmas (1.56, 9.90, 3.53),
// (1.60, 12.1, 4.32), (1.62, 11.8, 3.32), products 54.5, 83.6, 63.5 -> 1.08, 1.13, 1.11;
// steepest slope 8.8, 12.1, 11.9 -> 0.34, 0.39, 0.33; mean D(x) - D(G(z)) 0.075, 0.167, 0.180
// -> 0.004, 0.007, 0.016.
TEST(LessonEffects, SpectralNormHoldsEachLayerNearOneAndSmoothsD) {
  const train::Lesson lesson = train::load_lesson("7-spectral-norm");
  auto product = [](const std::vector<double>& v) {
    double p = 1;
    for (double x : v) p *= x;
    return p;
  };
  for (std::uint64_t seed : kSeeds) {
    auto t = lesson_trainer(lesson, seed);
    std::vector<double> free_sigmas;
    double free_slope = 0;
    train::play_lesson(lesson, *t, 3000, [&](Trainer& tr, StepKind) {
      if (tr.steps() != 2000) return;  // before spectral norm goes on
      free_sigmas = d_layer_sigmas(tr);
      free_slope = d_logit_slope(tr);
    });
    const std::vector<double> sn_sigmas = d_layer_sigmas(*t);
    const double sn_slope = d_logit_slope(*t);
    auto gap = [&](std::int64_t from, std::int64_t to) {
      return mean(column(*t, from, to, row_d_real)) - mean(column(*t, from, to, row_d_fake));
    };
    const double free_gap = gap(1500, 2000), sn_gap = gap(2500, 3000);
    std::printf("seed %llu: sigmas", (unsigned long long)seed);
    for (double x : free_sigmas) std::printf(" %.2f", x);
    std::printf(" (product %.1f) ->", product(free_sigmas));
    for (double x : sn_sigmas) std::printf(" %.2f", x);
    std::printf(" (product %.2f); steepest slope %.2f -> %.2f; D(x) - D(G(z)) %.3f -> %.3f\n", product(sn_sigmas),
                free_slope, sn_slope, free_gap, sn_gap);
    ASSERT_EQ(sn_sigmas.size(), 3u);
    EXPECT_TRUE(t->hyper().spectral_norm);
    EXPECT_GE(product(free_sigmas), 20) << "seed " << seed;
    for (double x : sn_sigmas) EXPECT_NEAR(x, 1, 0.2) << "seed " << seed;
    EXPECT_LE(product(sn_sigmas), 1.5) << "seed " << seed;
    EXPECT_LE(sn_slope, free_slope / 10) << "seed " << seed;
    EXPECT_LE(sn_gap, free_gap / 2) << "seed " << seed;
  }
}

}  // namespace
