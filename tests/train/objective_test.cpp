// Every objective of the registry trains: a few steps on the ring preset give finite losses
// and move both networks; switching the game or a weight while training runs applies at the
// next step, keeps the run and marks the change; WGAN's clip and Wasserstein column hold.
#include <gtest/gtest.h>

#include <cmath>

#include "nn/losses.h"
#include "support/golden_reader.h"
#include "support/test_support.h"
#include "support/train_support.h"
#include "train/snapshot_builder.h"
#include "train/d_regulariser.h"
#include "train/trainer.h"

using namespace ganscope;

namespace {

train::Config ring_with_objective(const char* objective) {
  train::Config c = ganscope::testing::ring_config();
  c.hyper.objective = nn::find_objective(objective);
  return c;
}

std::vector<float> weights(nn::Sequential<float>& net) { return net.flat_state(); }

double moved(const std::vector<float>& a, const std::vector<float>& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += std::abs(double(a[i]) - b[i]);
  return sum;
}

TEST(Objective, EveryObjectiveTrainsAFewSteps) {
  for (const auto& game : nn::objectives()) {
    SCOPED_TRACE(game.name);
    auto t = train::Trainer::open(ring_with_objective(game.name));
    const auto g0 = weights(t->generator_net()), d0 = weights(t->discriminator_net());
    for (int i = 0; i < 5; ++i) t->step();
    const train::MetricRow& r = t->last();
    for (float v : {r.loss_d, r.loss_g, r.d_real, r.d_fake, r.grad_norm_d, r.grad_norm_g})
      EXPECT_TRUE(std::isfinite(v));
    EXPECT_GT(r.grad_norm_d, 0.0f);
    EXPECT_GT(r.grad_norm_g, 0.0f);
    EXPECT_GT(moved(g0, weights(t->generator_net())), 0.0);
    EXPECT_GT(moved(d0, weights(t->discriminator_net())), 0.0);
    EXPECT_FALSE(t->diverged());
    // D's outputs as the game shows them: probabilities only for the BCE games.
    train::Snapshot s;
    train::fill_snapshot(*t, s);
    ASSERT_FALSE(s.d_real.empty());
    if (game.bounded) {
      for (float v : s.d_real) EXPECT_TRUE(v >= 0 && v <= 1) << v;
    }
    EXPECT_EQ(std::isnan(r.wasserstein), !game.wasserstein_estimate);
  }
}

// WGAN: after every critic update each of D's parameters is inside [-clip, clip], and the
// Wasserstein column is E[D(x)] - E[D(G(z))] on the raw critic values, which is -loss_d.
TEST(Objective, WganClipsTheCriticAndRecordsTheEstimate) {
  train::Config c = ring_with_objective("wgan");
  c.hyper.clip = 0.02f;
  auto t = train::Trainer::open(c);
  for (int i = 0; i < 3; ++i) t->step();
  float largest = 0;
  for (float w : t->discriminator_net().flat_state()) largest = std::max(largest, std::abs(w));
  EXPECT_LE(largest, 0.02f);
  EXPECT_EQ(largest, 0.02f) << "Adam's first steps move weights past 0.02: some must be clipped";
  const train::MetricRow& r = t->last();
  EXPECT_FLOAT_EQ(r.wasserstein, r.d_real - r.d_fake);
  EXPECT_NEAR(r.wasserstein, -r.loss_d, 1e-5);
}

// A change of game is a live Control: the step count and the weights go on, the history keeps
// its rows and marks the change, and the next step plays the new game.
TEST(Objective, SwitchingTheObjectiveLiveKeepsTheRunAndMarksIt) {
  auto t = train::Trainer::open(ring_with_objective("non-saturating"));
  for (int i = 0; i < 4; ++i) t->step();
  train::Hyper h = t->hyper();
  h.objective = nn::find_objective("hinge");
  h.label_smoothing = 0.1f;
  t->set_hyper(h);
  const auto g = weights(t->generator_net());
  t->step();
  EXPECT_EQ(t->steps(), 5);
  EXPECT_EQ(t->history().size(), 5u);
  EXPECT_GT(moved(g, weights(t->generator_net())), 0.0);
  bool objective_marked = false, smoothing_marked = false;
  for (const auto& m : t->history().marks()) {
    objective_marked |= m.step == 4 && m.what == "objective non-saturating -> hinge";
    smoothing_marked |= m.step == 4 && m.what == "label_smoothing 0 -> 0.1";
  }
  EXPECT_TRUE(objective_marked);
  EXPECT_TRUE(smoothing_marked);
  h.clip = -1;
  EXPECT_THROW(t->set_hyper(h), train::ConfigError);
  h.clip = 0.01f;
  h.label_smoothing = -0.1f;
  try {
    t->set_hyper(h);
    FAIL() << "a negative weight was accepted";
  } catch (const train::ConfigError& e) {
    EXPECT_STREQ(e.what(), "label_smoothing must be in [0, 0.5], not -0.1");
  }
  EXPECT_STREQ(t->hyper().objective->name, "hinge") << "a refused change leaves the run as it was";
}

// One-sided label smoothing through the regulariser hook is PyTorch's BCE with real targets
// 0.9 (the fixture's label_smoothing_0.1 case): loss and gradient on D's outputs.
TEST(Objective, LabelSmoothingMatchesPyTorchsSmoothedTargets) {
  using ganscope::testing::GoldenFile;
  const GoldenFile f =
      GoldenFile::read(std::string(GANSCOPE_SOURCE_DIR) + "/tests/golden/fixtures/gan_objectives.bin");
  const nn::MatF real = f.batch<float>("real"), fake = f.batch<float>("fake");
  const nn::GanObjective& game = nn::default_objective();
  const train::DRegulariser& smoothing = *train::find_d_regulariser("label_smoothing");
  nn::MatF gr, gf;
  float loss = nn::discriminator_half_loss(game, real, true, &gr);
  loss += 0.1f * smoothing.real_outputs(game, real.data(), int(real.cols()), 0.1f, gr.data());
  loss += nn::discriminator_half_loss(game, fake, false, &gf);
  EXPECT_NEAR(loss, f.batch<float>("label_smoothing_0.1.d_loss")(0, 0), 1e-6);
  EXPECT_LT((gr - f.batch<float>("label_smoothing_0.1.d_grad_real")).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_LT((gf - f.batch<float>("label_smoothing_0.1.d_grad_fake")).cwiseAbs().maxCoeff(), 1e-6);
}

// In a run: a smoothed D learns otherwise from the same start, and under a critic game, which
// has no labels to smooth, the weight changes nothing.
TEST(Objective, LabelSmoothingChangesOnlyTheBceGames) {
  train::Config plain = ring_with_objective("non-saturating"), smooth = plain;
  smooth.hyper.label_smoothing = 0.1f;
  auto a = train::Trainer::open(plain), b = train::Trainer::open(smooth);
  a->step();
  b->step();
  EXPECT_NE(a->last().loss_d, b->last().loss_d);
  EXPECT_NE(a->last().grad_norm_d, b->last().grad_norm_d);
  plain.hyper.objective = smooth.hyper.objective = nn::find_objective("hinge");
  auto c = train::Trainer::open(plain), d = train::Trainer::open(smooth);
  c->step();
  d->step();
  EXPECT_EQ(c->last().loss_d, d->last().loss_d);
  ganscope::testing::expect_same_rows(c->history().rows(), d->history().rows());
}

// The objective, its weights and the Wasserstein column come back from a checkpoint.
TEST(Objective, CheckpointKeepsTheGameAndItsColumns) {
  const std::string dir = ganscope::testing::make_temp_dir("objective");
  train::Config c = ring_with_objective("wgan");
  c.hyper.clip = 0.05f;
  auto a = train::Trainer::open(c);
  for (int i = 0; i < 3; ++i) a->step();
  a->save(dir + "/c");
  auto b = train::Trainer::open(ring_with_objective("non-saturating"));
  b->load(dir + "/c");
  EXPECT_STREQ(b->hyper().objective->name, "wgan");
  EXPECT_FLOAT_EQ(b->hyper().clip, 0.05f);
  ganscope::testing::expect_same_rows(a->history().rows(), b->history().rows());
  a->step();
  b->step();
  EXPECT_EQ(a->last().loss_d, b->last().loss_d);
}

}  // namespace

namespace {

// Instance noise: the std falls linearly from the weight to 0 over noise_anneal_steps (0 keeps
// it), D learns otherwise from the same start, and a checkpoint continues the noise exactly.
TEST(Objective, InstanceNoiseAnnealsAndResumesExactly) {
  const train::DRegulariser& noise = *train::find_d_regulariser("instance_noise");
  train::Hyper h;
  h.noise_anneal_steps = 10000;
  EXPECT_FLOAT_EQ(noise.input_noise(h, 0.4f, 0), 0.4f);
  EXPECT_FLOAT_EQ(noise.input_noise(h, 0.4f, 5000), 0.2f);
  EXPECT_FLOAT_EQ(noise.input_noise(h, 0.4f, 20000), 0.0f);
  h.noise_anneal_steps = 0;
  EXPECT_FLOAT_EQ(noise.input_noise(h, 0.4f, 20000), 0.4f);

  train::Config plain = ring_with_objective("non-saturating"), noisy = plain;
  noisy.hyper.instance_noise = 0.3f;
  auto a = train::Trainer::open(plain), b = train::Trainer::open(noisy);
  for (int i = 0; i < 3; ++i) a->step(), b->step();
  EXPECT_NE(a->last().loss_d, b->last().loss_d);
  EXPECT_TRUE(std::isfinite(b->last().loss_g));
  const std::string dir = ganscope::testing::make_temp_dir("noise");
  b->save(dir + "/c");
  auto c = train::Trainer::open(noisy);
  c->load(dir + "/c");
  for (int i = 0; i < 3; ++i) b->step(), c->step();
  ganscope::testing::expect_same_rows(b->history().rows(), c->history().rows());
}

}  // namespace
