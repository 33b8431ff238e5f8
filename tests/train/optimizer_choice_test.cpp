// The optimizer a run trains with (config key "optimizer", RMSprop's "alpha"): read from
// configs with clear errors, and carried by checkpoints so a run continues bit for bit.
#include <gtest/gtest.h>

#include <sstream>

#include "support/train_support.h"
#include "train/checkpoint.h"
#include "train/config.h"
#include "train/trainer.h"

using namespace ganscope;
using ganscope::testing::expect_setting_refused;
using train::Config;
using train::Trainer;

namespace {

Config ring_with(const std::string& setting) {
  Config c = train::apply_setting(train::load_preset("ring"), setting);
  c.batch = 64;
  return c;
}

TEST(OptimizerChoice, ConfigReadsRmsPropAndRefusesOthers) {
  const Config c = ring_with("optimizer=rmsprop");
  EXPECT_EQ(c.hyper.optimizer, nn::OptimizerKind::RmsProp);
  EXPECT_FLOAT_EQ(c.hyper.alpha, 0.99f);  // torch.optim.RMSprop's default
  const Config again = train::parse_config(train::to_json(train::apply_setting(c, "alpha=0.9")), "again");
  EXPECT_FLOAT_EQ(again.hyper.alpha, 0.9f);
  const Config ring = train::load_preset("ring");
  expect_setting_refused(ring, "optimizer=adagrad",
                         "'optimizer' is 'adagrad'; it must be adam, sgd or rmsprop");
  expect_setting_refused(ring, "alpha=1", "'alpha' is 1, outside 0 .. 0.99999");
}

// RMSprop keeps one moment per parameter (the square average): a checkpoint holds it, and
// 10 steps, save, load, 10 steps equal 20 straight.
TEST(OptimizerChoice, RmsPropRunsResumeBitExactly) {
  const Config c = ring_with("optimizer=rmsprop");
  auto straight = Trainer::open(c), first = Trainer::open(c), second = Trainer::open(c);
  for (int i = 0; i < 20; ++i) straight->step();
  for (int i = 0; i < 10; ++i) first->step();
  second->deserialize(first->serialize(true), "memory");
  for (int i = 0; i < 10; ++i) second->step();
  ganscope::testing::expect_same_rows(straight->history().rows(), second->history().rows());
  EXPECT_EQ(straight->generate(8, 3), second->generate(8, 3));
  auto adam = Trainer::open(ring_with("optimizer=adam"));
  for (int i = 0; i < 20; ++i) adam->step();
  EXPECT_NE(adam->generate(8, 3), straight->generate(8, 3));
}

// The optimizer is a live setting: a switch applies at the next step with zero moments and
// a step count of 0 (the checkpoint's state section says so), marked on the history.
TEST(OptimizerChoice, SwitchingLiveStartsFromZeroMomentsAndIsMarked) {
  auto t = Trainer::open(ring_with("optimizer=adam"));
  for (int i = 0; i < 5; ++i) t->step();
  train::Hyper h = t->hyper();
  h.optimizer = nn::OptimizerKind::RmsProp;
  t->set_hyper(h);
  t->step();
  ASSERT_EQ(t->history().marks().size(), 1u);
  EXPECT_EQ(t->history().marks()[0].step, 5);
  EXPECT_EQ(t->history().marks()[0].what, "optimizer adam -> rmsprop (moments reset)");
  const auto r = train::CheckpointReader::from_bytes(t->serialize(false), "memory");
  std::istringstream state(r.get("state"));
  std::int64_t step = 0, g_steps = 0, d_steps = 0;
  double seconds = 0;
  std::uint64_t resets = 0;
  state >> step >> seconds >> resets >> g_steps >> d_steps;
  EXPECT_EQ(step, 6);
  EXPECT_EQ(g_steps, 1);
  EXPECT_EQ(d_steps, 1);
  EXPECT_EQ(train::parse_config(r.get("config"), "memory").hyper.optimizer, nn::OptimizerKind::RmsProp);
}

// A checkpoint taken after a switch opens in a trainer built for the preset's optimizer, and
// continues bit for bit with the checkpoint's.
TEST(OptimizerChoice, ACheckpointAfterASwitchContinuesWithItsOptimizer) {
  auto a = Trainer::open(ring_with("optimizer=adam"));
  for (int i = 0; i < 5; ++i) a->step();
  train::Hyper h = a->hyper();
  h.optimizer = nn::OptimizerKind::Sgd;
  a->set_hyper(h);
  for (int i = 0; i < 5; ++i) a->step();
  auto b = Trainer::open(ring_with("optimizer=adam"));
  b->deserialize(a->serialize(true), "memory");
  EXPECT_EQ(b->hyper().optimizer, nn::OptimizerKind::Sgd);
  for (int i = 0; i < 5; ++i) a->step(), b->step();
  ganscope::testing::expect_same_rows(a->history().rows(), b->history().rows());
  EXPECT_EQ(a->generate(8, 3), b->generate(8, 3));
}

}  // namespace
