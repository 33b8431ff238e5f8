// The collapse watch (train/coverage_watch.h) on measured sequences of modes captured (train
// --threads 1, every 100 steps; the runs named below), on made-up ones whose answer is plain,
// and on a ring run built to collapse.
#include "train/coverage_watch.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "nn/threads.h"
#include "train/lesson.h"
#include "train/run_health.h"
#include "train/trainer.h"

namespace train = ganscope::train;

namespace {

// Feeds values measured at steps 100, 200, ...; returns the first step the watch suspects a
// collapse at, or -1.
long long first_suspected(const std::vector<int>& modes, int of) {
  train::CoverageWatch watch;
  for (std::size_t i = 0; i < modes.size(); ++i) {
    watch.add(100 * std::int64_t(i + 1), float(modes[i]), of, false);
    if (watch.sign().suspected) return 100 * (long long)(i + 1);
  }
  return -1;
}

// The ring preset, seed 3: all 8 modes by step 2,000, then G drops to 3-5.
const std::vector<int> kRingSeed3 = {0, 1, 1, 0, 2, 0, 0, 1, 1, 0, 3, 3, 2, 5, 5, 6, 6, 7, 6, 8,
                                     7, 5, 6, 5, 8, 5, 7, 7, 5, 4, 4, 4, 4, 5, 3, 6, 4, 5, 5, 6,
                                     4, 4, 5, 6, 6, 6, 5, 3, 3, 3};
// The ring preset, seed 1: spreads by step 800 and holds 8 from 1,600.
const std::vector<int> kRingSeed1 = {0, 0, 1, 0, 2, 0, 3, 8, 6, 4, 7, 7, 6, 7, 6, 8, 8, 8, 8, 8,
                                     8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8};
// grid25, seed 2: a healthy run whose measurements swing between 13 and 23 of 25.
const std::vector<int> kGridSeed2 = {5,  1,  17, 12, 18, 18, 18, 19, 22, 21, 20, 19, 19, 17, 16,
                                     15, 13, 16, 20, 14, 20, 19, 23, 23, 21, 14, 18, 20, 15, 20,
                                     20, 16, 19, 19, 19, 19, 19, 20, 15, 18, 19, 18, 18, 17, 17,
                                     19, 19, 17, 14, 17};
// Lesson 3's run (lr 0.01, batch 64), seed 1: never more than 4 of the 8 modes.
const std::vector<int> kLesson3Seed1 = {0, 0, 0, 1, 4, 2, 1, 4, 3, 3, 2, 3, 4, 3, 3, 2, 2, 2,
                                        3, 3, 3, 2, 3, 3, 2, 3, 3, 3, 3, 3, 3, 2, 2, 3, 2};

}  // namespace

TEST(CoverageWatch, HealthyRunsAreNeverSuspected) {
  EXPECT_EQ(first_suspected(kRingSeed1, 8), -1);
  EXPECT_EQ(first_suspected(kGridSeed2, 25), -1);
}

TEST(CoverageWatch, ARunThatDropsModesIsSuspectedOnceTheyAreGone) {
  // The median of the last five falls to 4 of a best 7 at step 3,200 (steps 2,800-3,200: 7, 5,
  // 4, 4, 4), not while G is still spreading (0-3 modes up to step 1,300).
  EXPECT_EQ(first_suspected(kRingSeed3, 8), 3200);
}

TEST(CoverageWatch, ARunThatNeverSpreadsIsSuspectedAfterTheLateStep) {
  // It never falls from its best (3), but at step 3,000 it still covers under half the modes.
  EXPECT_EQ(first_suspected(kLesson3Seed1, 8), train::CoverageWatch::kLateStep);
  // Without the data's count of modes only a fall counts.
  EXPECT_EQ(first_suspected(kLesson3Seed1, 0), -1);
}

TEST(CoverageWatch, AMedianNotOneMeasurementDecides) {
  train::CoverageWatch watch;
  for (int i = 1; i <= 10; ++i) watch.add(100 * i, 8, 8, false);
  watch.add(1100, 1, 8, false);  // one bad measurement, then the run goes on
  watch.add(1200, 2, 8, false);
  EXPECT_FALSE(watch.sign().suspected);
  watch.add(1300, 2, 8, false);  // three of the last five: the median is 2
  EXPECT_TRUE(watch.sign().suspected);
  EXPECT_EQ(watch.sign().now, 2.0f);
  EXPECT_EQ(watch.sign().best, 8.0f);
  watch.add(1400, std::nanf(""), 8, false);  // not a measurement
  EXPECT_EQ(watch.sign().step, 1300);
  watch.forget();
  EXPECT_FALSE(watch.sign().suspected);
  EXPECT_EQ(watch.sign().best, 0.0f);
}

TEST(CoverageWatch, ASmallFallOfFewModesIsNotACollapse) {
  // 3 of 3 down to 1.5 is a share of 0.5 but a fall of 1.5 modes: under kMinFall.
  train::CoverageWatch watch;
  for (int i = 1; i <= 5; ++i) watch.add(100 * i, 3, 0, true);
  for (int i = 6; i <= 10; ++i) watch.add(100 * i, 1.5f, 0, true);
  EXPECT_FALSE(watch.sign().suspected);
}

TEST(CoverageWatch, TheWarningSaysWhatFellAndLinksLessonThree) {
  train::CoverageSign modes{true, false, 3, 8, 8, 5000};
  const std::string w = train::coverage_warning(modes);
  EXPECT_NE(w.find("cover 3 of the 8 modes, down from 8"), std::string::npos) << w;
  EXPECT_STREQ(train::lesson_for_warning(w), "3-mode-collapse");
  EXPECT_STREQ(train::alarm_names()[std::size_t(train::alarm_of_warning(w) - 1)], "collapse-suspected");
  train::CoverageSign never{true, false, 3, 3, 8, 3000};
  EXPECT_NE(train::coverage_warning(never).find("after 3000 steps G's samples cover only 3 of the 8"),
            std::string::npos);
  train::CoverageSign classes{true, true, 4.2f, 9.1f, 10, 5000};
  EXPECT_NE(train::coverage_warning(classes).find("4.2 classes' worth"), std::string::npos);
  EXPECT_EQ(train::coverage_warning({}), "");
}

// Lesson 3's run, headless: the modes recorded every 100 steps feed the watch, which suspects a
// collapse by step 3,500; a checkpoint's history rebuilds the same sign. About 2 s.
TEST(CoverageWatch, TheTrainersRecordedQualityFeedsItAndACheckpointKeepsIt) {
  ganscope::nn::set_compute_threads(1);
  train::Config cfg = train::load_preset("ring");
  cfg.hyper.lr_d = cfg.hyper.lr_g = 0.01f;
  cfg.batch = 64;
  cfg.seed = 1;
  auto t = train::Trainer::open(cfg);
  while (t->steps() < 3500) {
    t->step();
    if (t->steps() % train::Trainer::kQualityEvery == 0) t->record_quality(t->measure_quality(false));
  }
  const train::CoverageSign sign = t->mode_coverage();
  EXPECT_TRUE(sign.suspected) << sign.now << " of " << sign.of << ", best " << sign.best;
  EXPECT_EQ(sign.of, 8);
  const std::string bytes = t->serialize(/*with_history=*/true);
  auto u = train::Trainer::open(cfg);
  u->deserialize(bytes, "memory");
  EXPECT_EQ(u->mode_coverage().suspected, sign.suspected);
  EXPECT_EQ(u->mode_coverage().now, sign.now);
  EXPECT_EQ(u->mode_coverage().best, sign.best);
  u->reset();
  EXPECT_FALSE(u->mode_coverage().suspected);
}
