// The optimizer a run trains with (config key "optimizer", RMSprop's "alpha"): read from
// configs with clear errors, and carried by checkpoints so a run continues bit for bit.
#include <gtest/gtest.h>

#include "support/train_support.h"
#include "train/config.h"
#include "train/trainer.h"

using namespace ganscope;
using train::Config;
using train::Trainer;

namespace {

Config ring_with(const std::string& setting) {
  Config c = train::apply_setting(train::load_preset("ring"), setting);
  c.batch = 64;
  return c;
}

void expect_refused(const std::string& kv, const std::string& says) {
  try {
    train::apply_setting(train::load_preset("ring"), kv);
    FAIL() << kv << " accepted";
  } catch (const train::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), "--set " + kv + ": " + says);
  }
}

TEST(OptimizerChoice, ConfigReadsRmsPropAndRefusesOthers) {
  const Config c = ring_with("optimizer=rmsprop");
  EXPECT_EQ(c.optimizer, "rmsprop");
  EXPECT_FLOAT_EQ(c.hyper.alpha, 0.99f);  // torch.optim.RMSprop's default
  const Config again = train::parse_config(train::to_json(train::apply_setting(c, "alpha=0.9")), "again");
  EXPECT_FLOAT_EQ(again.hyper.alpha, 0.9f);
  expect_refused("optimizer=adagrad", "'optimizer' is 'adagrad'; it must be adam, sgd or rmsprop");
  expect_refused("alpha=1", "'alpha' is 1, outside 0 .. 0.99999");
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

}  // namespace
