// What a checkpoint keeps of a run besides its weights: its identity, and a history whose
// rows (quality included, NaN and Inf too) read back exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "support/test_support.h"
#include "train/checkpoint.h"
#include "train/config.h"
#include "train/trainer.h"

namespace {

using namespace ganscope;
using train::Trainer;

// A fresh run of the ring preset on the ring8 data.
std::unique_ptr<Trainer> ring_trainer() {
  train::Config c = train::load_preset("ring");
  c.data = "ring8";
  return Trainer::open(c);
}

TEST(RunHistory, RunIdIsKeptBySaveAndLoadAndNewAtReset) {
  auto a = ring_trainer(), b = ring_trainer();
  EXPECT_NE(a->run_id(), b->run_id());
  EXPECT_EQ(a->run_id().size(), 32u);
  a->step();
  const std::string path = ganscope::testing::make_temp_dir("run-id") + "/c";
  a->save(path);
  b->load(path);
  EXPECT_EQ(b->run_id(), a->run_id());
  const std::string before = b->run_id();
  b->reset();
  EXPECT_NE(b->run_id(), before);
}

TEST(RunHistory, QualityNanAndInfSurviveACheckpoint) {
  auto a = ring_trainer();
  for (int i = 0; i < 3; ++i) a->step();
  a->record_quality(a->measure_quality());
  a->step();
  train::QualityStats odd;
  odd.has_modes = true;
  odd.modes = 8;
  odd.reverse_kl = std::numeric_limits<float>::infinity();
  odd.kl = odd.js = std::numeric_limits<float>::quiet_NaN();
  a->record_quality(odd);
  a->step();
  auto b = ring_trainer();
  b->deserialize(a->serialize(true), "memory");
  const auto x = a->history().rows(), y = b->history().rows();
  ASSERT_EQ(y.size(), 5u);
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(y[i].seconds, x[i].seconds) << i;  // all 17 digits
    EXPECT_EQ(y[i].has_quality, i == 2 || i == 3) << i;
    EXPECT_EQ(y[i].quality.modes_captured, x[i].quality.modes_captured) << i;
    EXPECT_EQ(y[i].quality.high_quality, x[i].quality.high_quality) << i;
  }
  EXPECT_TRUE(y[2].quality.has_modes);
  EXPECT_EQ(y[2].quality.kl, x[2].quality.kl);
  EXPECT_TRUE(std::isinf(y[3].quality.reverse_kl));
  EXPECT_TRUE(std::isnan(y[3].quality.js));
  EXPECT_FALSE(b->last().has_quality);
}

// A row with a NaN loss (a diverged step saved from the window) no longer ends the history.
TEST(RunHistory, ANanRowDoesNotCutTheHistory) {
  auto a = ring_trainer();
  a->step();
  a->inject_nan_for_test();
  for (int i = 0; i < 3; ++i) a->step();
  ASSERT_TRUE(std::isnan(a->history().rows()[2].loss_g));
  auto b = ring_trainer();
  b->deserialize(a->serialize(true), "memory");
  EXPECT_EQ(b->history().rows().size(), 4u);
}

// A checkpoint of before quality history and run ids loads, as rows without quality.
TEST(RunHistory, ACheckpointWithoutTheNewSectionsLoads) {
  auto a = ring_trainer();
  a->step();
  a->record_quality(a->measure_quality());
  const auto r = train::CheckpointReader::from_bytes(a->serialize(true), "memory");
  train::CheckpointWriter w;
  for (const char* name : {"config", "state", "G", "D", "G.optimizer", "D.optimizer", "data_shape",
                           "rng", "sampler", "fixed_latents", "history", "marks"})
    w.add(name, r.get(name));
  auto b = ring_trainer();
  const std::string id = b->run_id();
  b->deserialize(w.bytes(), "legacy");
  EXPECT_EQ(b->steps(), 1);
  ASSERT_EQ(b->history().rows().size(), 1u);
  EXPECT_FALSE(b->history().rows()[0].has_quality);
  EXPECT_NE(b->run_id(), a->run_id());
  EXPECT_EQ(b->run_id().size(), 32u);
}

}  // namespace
