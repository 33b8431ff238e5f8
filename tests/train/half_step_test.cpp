// Stepping by hand: D's half then G's half is one step, exactly a whole one; a half-done step
// survives a checkpoint; a dragged slider leaves one change mark; the pace throttle holds.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/test_support.h"
#include "support/train_support.h"
#include "train/snapshot_builder.h"
#include "train/session.h"
#include "train/trainer.h"

using namespace ganscope;
using ganscope::testing::ring_config;
using train::StepKind;
using train::Trainer;

namespace {

TEST(HalfSteps, DThenGIsExactlyOneWholeStep) {
  auto whole = Trainer::open(ring_config()), halves = Trainer::open(ring_config());
  for (int i = 0; i < 3; ++i) {
    whole->step();
    halves->step(StepKind::DOnly);
    EXPECT_EQ(halves->steps(), i);  // not a step yet
    EXPECT_EQ(halves->half_done(), StepKind::DOnly);
    // A snapshot between the halves runs G on the fixed latents: G's half must not use them.
    train::Snapshot s;
    train::fill_snapshot(*halves, s);
    halves->step(StepKind::GOnly);
    EXPECT_EQ(halves->steps(), i + 1);
    EXPECT_EQ(halves->half_done(), StepKind::Both);
  }
  ganscope::testing::expect_same_rows(whole->history().rows(), halves->history().rows());
  EXPECT_EQ(whole->generate(16, 5), halves->generate(16, 5));
}

TEST(HalfSteps, AWholeStepAfterAHalfFinishesThatStep) {
  auto t = Trainer::open(ring_config());
  t->step(StepKind::DOnly);
  t->step(StepKind::DOnly);  // D's half again: still the same step
  EXPECT_EQ(t->steps(), 0);
  t->step();  // only G's half is left
  EXPECT_EQ(t->steps(), 1);
  EXPECT_EQ(t->half_done(), StepKind::Both);
  t->step(StepKind::GOnly);
  t->step(StepKind::DOnly);  // G's half then D's also make a step
  EXPECT_EQ(t->steps(), 2);
}

TEST(HalfSteps, AHalfDoneStepSurvivesACheckpoint) {
  const std::string dir = ganscope::testing::make_temp_dir("half");
  auto t = Trainer::open(ring_config());
  t->step();
  t->step(StepKind::DOnly);
  t->save(dir + "/c");
  auto u = Trainer::open(ring_config());
  u->load(dir + "/c");
  EXPECT_EQ(u->steps(), 1);
  EXPECT_EQ(u->half_done(), StepKind::DOnly);
  t->step(StepKind::GOnly);
  u->step(StepKind::GOnly);
  EXPECT_EQ(u->steps(), 2);
  EXPECT_EQ(t->generate(8, 1), u->generate(8, 1));
}

TEST(ChangeMarks, ADragIsOneMarkFromWhereItStarted) {
  auto t = Trainer::open(ring_config());
  t->step();
  train::Hyper h = t->hyper();
  const float start = h.lr_d;
  for (float lr : {2e-3f, 3e-3f, 4e-3f}) {  // the drag, sent unmarked
    h.lr_d = lr;
    t->set_hyper(h, false);
    t->step();
  }
  EXPECT_TRUE(t->history().marks().empty());
  EXPECT_EQ(t->hyper().lr_d, 4e-3f);  // applied all the same
  h.lr_d = 5e-3f;
  t->set_hyper(h, true);  // the release
  const auto marks = t->history().marks();
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].step, 4);
  EXPECT_NE(marks[0].what.find("lr_d"), std::string::npos) << marks[0].what;
  EXPECT_EQ(start, 1e-3f);
  EXPECT_NE(marks[0].what.find("0.001 -> 0.005"), std::string::npos)
      << "from the drag's start to its end: " << marks[0].what;
}

// Not named "Session...": a throughput test, not one for the ThreadSanitizer stage (-R Session).
TEST(Pace, AThrottledRunStepsAtThePaceAsked) {
  train::Session s(ring_config(), false);
  s.set_threads(1);
  s.set_max_steps_per_second(40);
  s.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto from = s.step();
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  const auto steps = s.step() - from;
  EXPECT_GE(steps, 30);
  EXPECT_LE(steps, 50);
  s.set_max_steps_per_second(0);  // full speed again: well over twice the pace
  const auto before = s.step();
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_GT(s.step() - before, 80);
}

}  // namespace
