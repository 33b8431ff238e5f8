// D on real examples kept from training against the examples it trains on (Trainer's
// held-out probe, MetricRow::d_seen / d_heldout / heldout_gap, and r_t), on runs whose answer
// is known: a D that memorises a tiny training set, and a "held-out" set that is the training
// set itself.
#include <gtest/gtest.h>

#include <cmath>

#include "support/test_support.h"
#include "support/train_support.h"
#include "train/trainer.h"

using namespace ganscope;
using train::Config;
using train::MetricRow;
using train::Trainer;

namespace {

// A small GAN on 8x8 images whose D learns fast enough to memorise 32 of them in a few
// hundred steps.
Config memorising_config() {
  const std::string json = R"({
    "data": "random", "batch": 32, "latent_dim": 8, "lr_d": 0.002,
    "generator": [{"type": "linear", "units": 64}, {"type": "tanh"}],
    "discriminator": [{"type": "linear", "units": 128}, {"type": "leaky_relu"},
                      {"type": "linear", "units": 1}]})";
  return train::parse_config(json, "memorise.json");
}

std::unique_ptr<Trainer> memorising_trainer(std::unique_ptr<data::Dataset> heldout) {
  return std::make_unique<Trainer>(memorising_config(), data::random_images(32, 8, 8, 2),
                                   std::move(heldout));
}

TEST(Heldout, ADThatMemorisesItsTrainingSetScoresHeldOutImagesLower) {
  auto t = memorising_trainer(data::random_images(256, 8, 8, 3));
  for (int i = 0; i < 1000; ++i) t->step();
  const auto rows = t->history().rows();
  int measured = 0;
  for (const MetricRow& r : rows) {
    EXPECT_EQ(r.has_heldout, r.step % Trainer::kHeldoutEvery == 0) << "step " << r.step;
    if (!r.has_heldout) continue;
    ++measured;
    EXPECT_FLOAT_EQ(r.heldout_gap, r.d_seen - r.d_heldout);
  }
  EXPECT_EQ(measured, 10);
  const MetricRow& last = rows.back();
  EXPECT_GT(last.heldout_gap, 0.5f);
  EXPECT_GT(last.r_t, 0.6f);
  // The rows between measurements carry the last one, for the plots.
  EXPECT_EQ(rows[rows.size() - 2].d_seen, rows[rows.size() - 101].d_seen);
}

TEST(Heldout, TheTrainingSetHeldOutAgainHasNoGap) {
  auto t = memorising_trainer(data::random_images(32, 8, 8, 2));
  for (int i = 0; i < 300; ++i) t->step();
  for (const MetricRow& r : t->history().rows())
    if (r.has_heldout) {
      EXPECT_EQ(r.heldout_gap, 0.0f) << "step " << r.step;
    }
  EXPECT_TRUE(t->last().has_heldout);
}

TEST(Heldout, NothingHeldOutMeasuresNothing) {
  auto t = memorising_trainer(nullptr);
  for (int i = 0; i < 100; ++i) t->step();
  EXPECT_FALSE(t->last().has_heldout);
  EXPECT_TRUE(std::isnan(t->last().d_heldout));
  EXPECT_TRUE(std::isfinite(t->last().r_t));  // r_t needs no held-out data
}

// The measurements go into the checkpoint and come back, carried values too.
TEST(Heldout, ResumesBitExactly) {
  const std::string dir = ganscope::testing::make_temp_dir("heldout");
  auto straight = memorising_trainer(data::random_images(64, 8, 8, 3));
  for (int i = 0; i < 250; ++i) straight->step();
  auto first = memorising_trainer(data::random_images(64, 8, 8, 3));
  for (int i = 0; i < 150; ++i) first->step();
  first->save(dir + "/c");
  auto resumed = memorising_trainer(data::random_images(64, 8, 8, 3));
  resumed->load(dir + "/c");
  for (int i = 0; i < 100; ++i) resumed->step();
  ganscope::testing::expect_same_rows(straight->history().rows(), resumed->history().rows());
  EXPECT_EQ(straight->history().rows()[160].d_seen, resumed->history().rows()[160].d_seen);
}

}  // namespace
