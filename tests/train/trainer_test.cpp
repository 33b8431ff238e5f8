#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "support/test_support.h"
#include "data/dataset.h"
#include "support/train_support.h"
#include "train/snapshot_builder.h"
#include "train/checkpoint.h"
#include "train/trainer.h"

using namespace ganscope;
using train::Config;
using train::Trainer;

using ganscope::testing::expect_same_rows;
using ganscope::testing::ring_config;

namespace {

TEST(Trainer, SameSeedGivesIdenticalMetrics) {
  auto a = Trainer::open(ring_config()), b = Trainer::open(ring_config());
  for (int i = 0; i < 50; ++i) a->step(), b->step();
  expect_same_rows(a->history().rows(), b->history().rows());
  Config other = ring_config();
  other.seed = 2;
  auto c = Trainer::open(other);
  for (int i = 0; i < 50; ++i) c->step();
  EXPECT_NE(a->last().loss_d, c->last().loss_d);
}

TEST(Trainer, StepCountsAndMetricsAreSane) {
  auto t = Trainer::open(ring_config());
  for (int i = 0; i < 10; ++i) t->step();
  EXPECT_EQ(t->steps(), 10);
  EXPECT_EQ(t->history().size(), 10u);
  const auto& r = t->last();
  EXPECT_GT(r.d_real, 0.0f);
  EXPECT_LT(r.d_real, 1.0f);
  EXPECT_GT(r.grad_norm_d, 0.0f);
  EXPECT_TRUE(std::isfinite(r.loss_g));
}

// Resume is bit-exact: 60 straight steps equal 30 + save + load + 30.
TEST(Trainer, CheckpointResumeIsBitExact) {
  std::string dir = ganscope::testing::make_temp_dir("ckpt");
  auto straight = Trainer::open(ring_config());
  for (int i = 0; i < 60; ++i) straight->step();

  auto first = Trainer::open(ring_config());
  for (int i = 0; i < 30; ++i) first->step();
  first->save(dir + "/c");
  auto second = Trainer::open(ring_config());
  second->load(dir + "/c");
  EXPECT_EQ(second->steps(), 30);
  for (int i = 0; i < 30; ++i) second->step();
  expect_same_rows(straight->history().rows(), second->history().rows());
  EXPECT_EQ(straight->generate(16, 5), second->generate(16, 5));
}

// A checkpoint names its samples' shape (rows cols channels), and a trainer built from it
// without the data (sample, fcd, a re-save) keeps that shape rather than forgetting it.
TEST(Trainer, ACheckpointKeepsTheImageShapeWithoutTheData) {
  const Config cfg = train::parse_config(R"({"data": "random", "batch": 8, "latent_dim": 4, "grid": 4,
    "generator": [{"type": "linear", "units": 192}, {"type": "tanh"}],
    "discriminator": [{"type": "linear", "units": 1}]})", "rgb.json");
  Trainer t(cfg, data::random_images(16, 8, 8, 1, 3));
  t.step();
  const auto shape_of = [](const std::string& bytes) {
    return train::CheckpointReader::from_bytes(bytes, "memory").get("data_shape");
  };
  EXPECT_EQ(shape_of(t.serialize(true)), "8 8 3");
  Trainer loaded(t.config(), nullptr, nullptr, {3, 8, 8});
  loaded.deserialize(t.serialize(true), "memory");
  EXPECT_EQ(shape_of(loaded.serialize(true)), "8 8 3");
  EXPECT_EQ(shape_of(Trainer::open(ring_config())->serialize(true)), "0 0 1");  // points
}

// A learning-rate change applies at the next step and keeps Adam's moments: a trainer that
// changes lr_d after 5 steps equals one restored from a step-5 checkpoint (which carries the
// moments) with the same change; and the history marks the change at step 5.
TEST(Trainer, LearningRateChangeKeepsMomentsAndIsMarked) {
  std::string dir = ganscope::testing::make_temp_dir("lr");
  auto a = Trainer::open(ring_config());
  for (int i = 0; i < 5; ++i) a->step();
  a->save(dir + "/c5");
  train::Hyper h = a->hyper();
  h.lr_d = 1e-2f;
  a->set_hyper(h);
  a->step();
  EXPECT_EQ(a->last().lr_d, 1e-2f);
  auto marks = a->history().marks();
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].step, 5);
  EXPECT_NE(marks[0].what.find("lr_d"), std::string::npos);

  auto b = Trainer::open(ring_config());
  b->load(dir + "/c5");
  b->set_hyper(h);
  b->step();
  EXPECT_EQ(a->last().loss_g, b->last().loss_g);
  EXPECT_EQ(a->generate(8, 1), b->generate(8, 1));

  // An absurd learning rate is refused and changes nothing.
  auto c = Trainer::open(ring_config());
  c->load(dir + "/c5");
  train::Hyper bad = h;
  bad.lr_d = -1;
  EXPECT_THROW(c->set_hyper(bad), train::ConfigError);
}

TEST(Trainer, ResetKeepsFixedLatentsAndRestartsSteps) {
  auto t = Trainer::open(ring_config());
  train::Snapshot before;
  train::fill_snapshot(*t, before);
  for (int i = 0; i < 20; ++i) t->step();
  t->reset();
  train::Snapshot after;
  train::fill_snapshot(*t, after);
  EXPECT_EQ(t->steps(), 0);
  EXPECT_EQ(t->history().size(), 0u);
  EXPECT_EQ(before.fixed_latents, after.fixed_latents);
  EXPECT_NE(before.grid_points, after.grid_points);  // new weights
}

TEST(Trainer, LoadRefusesOtherArchitectureAndDamagedFiles) {
  std::string dir = ganscope::testing::make_temp_dir("arch");
  auto t = Trainer::open(ring_config());
  t->step();
  t->save(dir + "/c");
  Config wide = ring_config();
  wide.generator[0].units = 2 * wide.generator[0].units;
  auto other = Trainer::open(wide);
  EXPECT_THROW(other->load(dir + "/c"), train::CheckpointError);

  std::string bytes = ganscope::testing::read_file(dir + "/c");
  bytes[bytes.size() / 2] ^= 0x10;
  ganscope::testing::write_file(dir + "/flipped", bytes);
  try {
    t->load(dir + "/flipped");
    FAIL() << "a flipped bit must be caught";
  } catch (const train::CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("checksum"), std::string::npos);
  }
  ganscope::testing::write_file(dir + "/short", ganscope::testing::read_file(dir + "/c").substr(0, 100));
  EXPECT_THROW(t->load(dir + "/short"), train::CheckpointError);
  EXPECT_EQ(t->steps(), 1);  // a failed load leaves the trainer as it was
}

TEST(Trainer, FlopCountMatchesHandCount) {
  Config c = train::load_preset("mlp");
  Trainer t(c, data::random_images(128, 28, 28, 1));
  // G: 100*256 + 256*512 + 512*784; D: 784*512 + 512*256 + 256*1 multiply-adds per sample.
  double gm = 100. * 256 + 256. * 512 + 512. * 784, dm = 784. * 512 + 512. * 256 + 256;
  double B = 64, g1 = 100. * 256, d1 = 784. * 512;
  double macs = B * gm + 4 * B * dm + 2 * B * (dm - d1) + 2 * B * dm + B * gm + B * (gm - g1);
  EXPECT_DOUBLE_EQ(t.flops_per_step(), 2 * macs);
}

TEST(Trainer, BadArchitecturesAreConfigErrors) {
  Config c = ring_config();
  c.generator.back().units = 3;  // the ring is 2D
  EXPECT_THROW(Trainer::open(c), train::ConfigError);
  c = ring_config();
  c.discriminator.back().units = 2;
  EXPECT_THROW(Trainer::open(c), train::ConfigError);
  c = ring_config();
  c.generator[0].units = 65536;
  c.generator[2].units = 65536;
  try {
    Trainer::open(c);
    FAIL();
  } catch (const train::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("parameters"), std::string::npos);
  }
}

}  // namespace

namespace {

// A NaN in G's weights makes the next step's losses NaN: the guard notices, and the rollback
// restores the last good state, after which training continues with finite numbers.
TEST(Trainer, DivergenceIsCaughtAndRolledBack) {
  auto t = Trainer::open(ring_config());
  t->set_good_state_interval(10);
  for (int i = 0; i < 35; ++i) t->step();
  EXPECT_FALSE(t->diverged());
  EXPECT_EQ(t->good_step(), 31);  // kept after steps 1, 11, 21, 31
  t->inject_nan_for_test();
  t->step();
  ASSERT_TRUE(t->diverged());
  EXPECT_NE(t->divergence().find("NaN at step 36"), std::string::npos) << t->divergence();
  ASSERT_TRUE(t->rollback());
  EXPECT_FALSE(t->diverged());
  EXPECT_EQ(t->steps(), 31);
  EXPECT_EQ(t->history().size(), 31u);
  for (int i = 0; i < 20; ++i) t->step();
  EXPECT_FALSE(t->diverged());
  EXPECT_TRUE(std::isfinite(t->last().loss_g));
  EXPECT_EQ(t->steps(), 51);
  auto marks = t->history().marks();
  ASSERT_FALSE(marks.empty());
  EXPECT_NE(marks.back().what.find("rolled back"), std::string::npos);
}

TEST(Trainer, ExplodingLossCountsAsDivergence) {
  auto t = Trainer::open(ring_config());
  t->step();
  train::Hyper h = t->hyper();
  h.lr_d = 1.0f;  // absurd but allowed: D's logits run away within a few dozen steps
  h.lr_g = 1.0f;
  t->set_hyper(h);
  for (int i = 0; i < 500 && !t->diverged(); ++i) t->step();
  EXPECT_TRUE(t->diverged());
}

}  // namespace

// A G collapsed onto one mode, by construction: every weight 0 and the last bias the mode's
// centre (2, 0), so every sample is that point. All of them look real (precision near 1) and
// none of the data is covered (recall 0: the samples' balls have radius 0). The values reach
// metrics' history and come back from a checkpoint.
TEST(Trainer, PrecisionAndRecallOfACollapsedGenerator) {
  auto t = Trainer::open(ring_config());
  t->step();
  auto params = t->generator_net().params();
  for (auto& p : params) p.value->setZero();
  (*params.back().value)(0, 0) = 2.0f;
  const train::QualityStats q = t->measure_quality();
  ASSERT_TRUE(q.has_precision_recall);
  EXPECT_GT(q.precision, 0.95f);
  EXPECT_EQ(q.recall, 0.0f);
  EXPECT_EQ(q.modes_captured, 1);
  EXPECT_FALSE(t->measure_quality(false).has_precision_recall);

  t->record_quality(q);
  const std::string path = ganscope::testing::make_temp_dir("pr") + "/checkpoint";
  t->save(path);
  auto loaded = Trainer::open(ring_config());
  loaded->load(path);
  const train::MetricRow row = loaded->history().rows().back();  // rows() is a copy
  ASSERT_TRUE(row.has_quality && row.quality.has_precision_recall);
  EXPECT_EQ(row.quality.precision, q.precision);
  EXPECT_EQ(row.quality.recall, q.recall);
}
