// Issue 11's tricks that change what D is or add to G: PacGAN packing and spectral
// normalisation of D (each switch builds a new D and keeps G), and the EMA of G's weights;
// their config keys, bad values, live switches and checkpoints. Small models: each test runs
// in well under a second.
#include <gtest/gtest.h>

#include <cmath>

#include "nn/losses.h"
#include "support/test_support.h"
#include "support/train_support.h"
#include "train/snapshot_builder.h"
#include "train/checkpoint.h"
#include "train/d_variant.h"
#include "train/trainer.h"

using namespace ganscope;
using train::Config;
using train::Hyper;
using train::Trainer;

namespace {

// The ring with a small G that has a BatchNorm (buffers for the EMA to copy) and a small D.
Config small_config() {
  return train::parse_config(R"({"data": "ring8", "batch": 16, "latent_dim": 4, "grid": 8,
    "generator": [{"type": "linear", "units": 8}, {"type": "batch_norm"}, {"type": "relu"},
                  {"type": "linear", "units": 2}],
    "discriminator": [{"type": "linear", "units": 8}, {"type": "leaky_relu"},
                      {"type": "linear", "units": 1}],
    "lr_d": 0.001, "lr_g": 0.001})", "small.json");
}

std::string refusal(const Config& c, const std::string& setting) {
  try {
    train::apply_setting(c, setting);
  } catch (const train::ConfigError& e) {
    return e.what();
  }
  return "";
}

std::vector<float> section(const std::string& bytes, const std::string& name) {
  auto r = train::CheckpointReader::from_bytes(bytes, "memory");
  return r.has(name) ? r.get_floats(name) : std::vector<float>();
}

std::vector<std::string> d_layers(const Trainer& t) {
  std::vector<std::string> out;
  for (const auto& l : t.layer_summaries())
    if (l.network == "D") out.push_back(l.layer + " " + l.output);
  return out;
}

}  // namespace

// Pack j holds samples j m .. j m + m - 1 one after another; unpacking is its exact inverse.
TEST(Packing, PacksConsecutiveSamplesAndUnpacksExactly) {
  nn::MatF x(3, 4);
  for (int i = 0; i < 12; ++i) x.data()[i] = float(i);
  nn::MatF buf;
  EXPECT_EQ(&train::pack(x, 1, buf), &x);
  nn::MatF packed = train::pack(x, 2, buf);
  ASSERT_EQ(packed.rows(), 6);
  ASSERT_EQ(packed.cols(), 2);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(packed(k, 1), x(k, 2));      // pack 1, slot 0: sample 2
    EXPECT_EQ(packed(3 + k, 1), x(k, 3));  // pack 1, slot 1: sample 3
  }
  train::unpack(packed, 2);
  EXPECT_EQ(packed, x);
  EXPECT_EQ(train::packed_shape({1, 28, 28}, 4), (train::SampleShape{4, 28, 28}));
  EXPECT_EQ(train::packed_shape({2}, 2), (train::SampleShape{4}));
}

TEST(Tricks, ConfigKeysRoundTripAndBadValuesAreOneLine) {
  const Config c = small_config();
  EXPECT_FALSE(c.hyper.spectral_norm);
  EXPECT_EQ(c.hyper.packing, 1);
  EXPECT_FLOAT_EQ(c.hyper.ema_beta, 0.999f);
  Config set = train::apply_setting(c, "packing=4");
  set = train::apply_setting(set, "spectral_norm=true");
  set = train::apply_setting(set, "ema_beta=0.99");
  const Config again = train::parse_config(train::to_json(set), "again.json");
  EXPECT_EQ(again.hyper.packing, 4);
  EXPECT_TRUE(again.hyper.spectral_norm);
  EXPECT_FLOAT_EQ(again.hyper.ema_beta, 0.99f);
  EXPECT_TRUE(again.hyper == set.hyper);
  EXPECT_TRUE(train::same_architecture(c, again));  // variants of one model: checkpoints move

  Config b50 = train::apply_setting(c, "batch=50");
  EXPECT_EQ(refusal(b50, "packing=4"), "--set packing=4: packing 4 must divide the batch 50");
  EXPECT_EQ(refusal(c, "packing=3"), "--set packing=3: 'packing' must be 1, 2 or 4, not 3");
  EXPECT_EQ(refusal(c, "packing=8"), "--set packing=8: 'packing' is 8, outside 1 .. 4");
  EXPECT_EQ(refusal(c, "ema_beta=1"), "--set ema_beta=1: 'ema_beta' is 1, outside 0 .. 0.99999");
  EXPECT_EQ(refusal(c, "spectral_norm=yes"),
            "--set spectral_norm=yes: 'spectral_norm' must be true or false");
  Hyper h = c.hyper;
  h.packing = 4;
  EXPECT_EQ(train::validate(h, 50), "packing 4 must divide the batch 50");
  EXPECT_EQ(train::validate(h, 16), "");
  h.ema_beta = -0.1f;
  EXPECT_EQ(train::validate(h), "ema_beta must be in [0, 1) (0: off)");
}

// D judges B / m packs of m samples: its input is m times a sample, its outputs B / m.
TEST(Tricks, PackingFeedsDPacksAndGLearnsThroughThem) {
  Config c = small_config();
  c.hyper.packing = 4;
  auto t = Trainer::open(c);
  EXPECT_EQ(d_layers(*t).front(), "x 8");
  EXPECT_EQ(t->discriminator_net().in_features(), 8);
  for (int i = 0; i < 3; ++i) t->step();
  EXPECT_GT(t->last().grad_norm_g, 0.0f);
  EXPECT_TRUE(std::isfinite(t->last().loss_d));
  train::Snapshot s;
  train::fill_snapshot(*t, s);
  EXPECT_EQ(s.d_real.size(), 4u);  // 16 / 4 packs
  EXPECT_EQ(s.grid_scores.size(), 8u);  // one per sample: each packed with real ones
  EXPECT_EQ(s.plane.fake_push.size(), 2u * 8u);
  EXPECT_EQ(s.plane.heatmap.size(), std::size_t(train::SnapshotBuilder::kHeatmapSize * train::SnapshotBuilder::kHeatmapSize));
  EXPECT_EQ(t->discriminate(s.grid_points.data(), 8).size(), 8u);
  // The flop count sees B / m packs.
  Config one = small_config();
  Trainer plain(one, nullptr), packed(c, nullptr);
  EXPECT_LT(packed.flops_per_step(), plain.flops_per_step() * 1.01);
}

// G's loss and gradient through the packing, against packs assembled by hand: after step_on's
// D update, D judges [G(z_0); G(z_1)], [G(z_2); G(z_3)], ...; the gradient of each slot goes
// back to its own sample.
TEST(Tricks, PackedGradientEqualsTheHandAssembledOne) {
  Config c = small_config();
  c.hyper.packing = 2;
  auto t = Trainer::open(c);
  nn::Sequential<float> g = t->generator_net();
  nn::MatF real = nn::MatF::Random(2, 16), z = nn::MatF::Random(4, 16);
  const train::MetricRow row = t->step_on(real, z);
  nn::Sequential<float> d = t->discriminator_net();  // after D's update, as G's half sees it
  const nn::MatF fakes = g.forward(z);
  nn::MatF packs(4, 8);
  for (int j = 0; j < 8; ++j)
    for (int slot = 0; slot < 2; ++slot) packs.block(2 * slot, j, 2, 1) = fakes.col(2 * j + slot);
  nn::MatF dl, dpacks;
  const float loss = nn::generator_loss(*c.hyper.objective, d.forward(packs), &dl);
  EXPECT_FLOAT_EQ(loss, row.loss_g);
  d.backward(dl, &dpacks, false);
  nn::MatF dfakes(2, 16);
  for (int j = 0; j < 8; ++j)
    for (int slot = 0; slot < 2; ++slot) dfakes.col(2 * j + slot) = dpacks.block(2 * slot, j, 2, 1);
  g.backward(dfakes, nullptr, true);
  double norm2 = 0;
  for (auto& p : g.params()) norm2 += p.grad->squaredNorm();
  EXPECT_NEAR(std::sqrt(norm2), row.grad_norm_g, 1e-5 * row.grad_norm_g);
}

// The switch builds a new D of SpectralNorm layers with a fresh optimizer, keeps G and its
// optimizer exactly, says so in the change mark, and training goes on.
TEST(Tricks, SpectralNormSwitchBuildsANewDAndKeepsG) {
  auto t = Trainer::open(small_config());
  for (int i = 0; i < 4; ++i) t->step();
  const std::vector<float> g_before = t->generator_net().flat_state();
  const std::vector<float> g_opt = section(t->serialize(false), "G.optimizer");
  const std::uint64_t builds = t->d_builds();
  Hyper h = t->hyper();
  h.spectral_norm = true;
  t->set_hyper(h);
  EXPECT_EQ(t->d_builds(), builds + 1);
  const auto layers = d_layers(*t);
  EXPECT_EQ(layers[1], "SpectralNorm(Linear(2 -> 8)) 8");
  EXPECT_EQ(layers[3], "SpectralNorm(Linear(8 -> 1)) 1");
  EXPECT_EQ(t->generator_net().flat_state(), g_before);
  const std::string state = t->serialize(false);
  EXPECT_EQ(section(state, "G.optimizer"), g_opt);
  for (float v : section(state, "D.optimizer")) ASSERT_EQ(v, 0.0f);  // Adam starts again
  ASSERT_EQ(t->history().marks().size(), 1u);
  EXPECT_EQ(t->history().marks()[0].what, "spectral_norm off -> on (a new D)");
  EXPECT_EQ(t->history().marks()[0].step, 4);
  for (int i = 0; i < 3; ++i) t->step();
  EXPECT_TRUE(std::isfinite(t->last().loss_d));
}

// A packing that does not divide the batch, or is none of 1, 2, 4, is refused and changes
// nothing; the run goes on with its D.
TEST(Tricks, BadPackingIsRefusedLive) {
  Hyper h = small_config().hyper;
  Config b12 = small_config();
  b12.batch = 12;
  auto u = Trainer::open(b12);
  h.packing = 8;
  EXPECT_THROW(u->set_hyper(h), train::ConfigError);
  h.packing = 4;
  EXPECT_NO_THROW(u->set_hyper(h));  // 12 / 4 = 3 packs
  u->step();
  Config b10 = small_config();
  b10.batch = 10;
  auto w = Trainer::open(b10);
  try {
    w->set_hyper(h);
    FAIL() << "packing 4 with batch 10 accepted";
  } catch (const train::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), "packing 4 must divide the batch 10");
  }
  EXPECT_EQ(w->hyper().packing, 1);
  EXPECT_EQ(w->d_builds(), 0u);
}

// A checkpoint of a run switched to spectral norm and packing 2 reloads into a trainer opened
// from the preset's config (neither on): it takes the checkpoint's D and continues bit-for-bit.
TEST(Tricks, CheckpointOfASwitchedDReloadsAndContinuesExactly) {
  const std::string dir = ganscope::testing::make_temp_dir("tricks");
  auto a = Trainer::open(small_config());
  for (int i = 0; i < 3; ++i) a->step();
  Hyper h = a->hyper();
  h.spectral_norm = true;
  h.packing = 2;
  a->set_hyper(h);
  for (int i = 0; i < 3; ++i) a->step();
  a->save(dir + "/c");
  auto b = Trainer::open(small_config());
  b->load(dir + "/c");
  EXPECT_TRUE(b->hyper().spectral_norm);
  EXPECT_EQ(b->hyper().packing, 2);
  EXPECT_EQ(d_layers(*b), d_layers(*a));
  for (int i = 0; i < 4; ++i) a->step(), b->step();
  ganscope::testing::expect_same_rows(a->history().rows(), b->history().rows());
  EXPECT_EQ(a->discriminator_net().flat_state(), b->discriminator_net().flat_state());
  // And back: a checkpoint without them loads into the switched trainer, plain D again.
  auto plain = Trainer::open(small_config());
  plain->step();
  plain->save(dir + "/plain");
  b->load(dir + "/plain");
  EXPECT_FALSE(b->hyper().spectral_norm);
  EXPECT_EQ(d_layers(*b), d_layers(*plain));
  b->step();
}

// ema = beta ema + (1 - beta) theta after every G step, from G's first weights; BatchNorm's
// running statistics are copied.
TEST(Tricks, EmaAveragesParametersAndCopiesBuffers) {
  Config c = small_config();
  c.hyper.ema_beta = 0.8f;
  auto t = Trainer::open(c);
  auto& g = t->generator_net();
  const std::size_t n_params = g.parameter_count();
  const std::vector<float> start = g.flat_state();
  std::vector<double> avg(start.begin(), start.begin() + long(n_params));
  for (int i = 0; i < 5; ++i) {
    t->step();
    const std::vector<float> theta = g.flat_state();
    for (std::size_t k = 0; k < n_params; ++k) avg[k] = 0.8 * avg[k] + 0.2 * theta[k];
  }
  const std::vector<float> ema = section(t->serialize(false), "G.ema"), now = g.flat_state();
  ASSERT_EQ(ema.size(), now.size());
  for (std::size_t k = 0; k < n_params; ++k) ASSERT_NEAR(ema[k], avg[k], 1e-6) << k;
  for (std::size_t k = n_params; k < now.size(); ++k) ASSERT_EQ(ema[k], now[k]) << "buffer " << k;
  EXPECT_NE(std::vector<float>(ema.begin(), ema.begin() + 4),
            std::vector<float>(now.begin(), now.begin() + 4));
  // Off: no average, no section; on again: it starts from G as it is then.
  Hyper h = t->hyper();
  h.ema_beta = 0;
  t->set_hyper(h);
  EXPECT_FALSE(t->has_ema());
  EXPECT_TRUE(section(t->serialize(false), "G.ema").empty());
  h.ema_beta = 0.5f;
  t->set_hyper(h);
  EXPECT_EQ(section(t->serialize(false), "G.ema"), g.flat_state());
  EXPECT_EQ(t->history().marks().back().what, "ema_beta 0 -> 0.5");
}

// What the window shows with "Show EMA generator" comes from the average; training does not.
TEST(Tricks, ShownEmaGeneratesFromTheAverage) {
  auto t = Trainer::open(small_config());
  for (int i = 0; i < 5; ++i) t->step();
  train::Snapshot plain, shown;
  train::fill_snapshot(*t, plain);
  const auto g_samples = t->generate(8, 3);
  t->set_use_ema(true);
  train::fill_snapshot(*t, shown);
  EXPECT_FALSE(plain.ema_shown);
  EXPECT_TRUE(shown.ema_shown && shown.has_ema);
  EXPECT_NE(plain.grid_points, shown.grid_points);
  const auto ema_samples = t->generate(8, 3);
  EXPECT_NE(g_samples, ema_samples);
  std::vector<float> z(plain.fixed_latents.begin(), plain.fixed_latents.begin() + 4);
  EXPECT_EQ(shown.generator->generate(z.data(), 1),
            std::vector<float>(shown.grid_points.begin(), shown.grid_points.begin() + 2));
  t->set_use_ema(false);
  EXPECT_EQ(t->generate(8, 3), g_samples);
}

// The average is in the checkpoint and continues exactly; a checkpoint without it (older, or
// saved with ema_beta 0) starts the average from the checkpoint's G.
TEST(Tricks, EmaCheckpointRoundTripAndOlderCheckpoints) {
  const std::string dir = ganscope::testing::make_temp_dir("ema");
  auto straight = Trainer::open(small_config());
  for (int i = 0; i < 8; ++i) straight->step();
  auto first = Trainer::open(small_config());
  for (int i = 0; i < 4; ++i) first->step();
  first->save(dir + "/c");
  auto second = Trainer::open(small_config());
  second->load(dir + "/c");
  for (int i = 0; i < 4; ++i) second->step();
  EXPECT_EQ(section(straight->serialize(false), "G.ema"), section(second->serialize(false), "G.ema"));

  // An older checkpoint: the same sections but G.ema (and no ema_beta in its config).
  const std::string bytes = first->serialize(true);
  const auto r = train::CheckpointReader::from_bytes(bytes, "memory");
  train::CheckpointWriter w;
  for (const char* name : {"config", "state", "G", "D", "G.optimizer", "D.optimizer", "data_shape",
                           "run_id", "rng", "sampler", "fixed_latents", "history",
                           "history.quality", "history.game", "marks"})
    if (r.has(name)) w.add(name, r.get(name));
  auto old = Trainer::open(small_config());
  old->deserialize(w.bytes(), "old");
  EXPECT_TRUE(old->has_ema());
  EXPECT_EQ(section(old->serialize(false), "G.ema"), old->generator_net().flat_state());
  // A G.ema that does not fit G is refused as damage.
  train::CheckpointWriter bad;
  for (const char* name : {"config", "state", "G", "D", "G.optimizer", "D.optimizer", "run_id",
                           "rng", "fixed_latents"})
    bad.add(name, r.get(name));
  bad.add_floats("G.ema", {1.0f, 2.0f});
  EXPECT_THROW(old->deserialize(bad.bytes(), "bad"), train::CheckpointError);
}

// Gradient penalties with packing differentiate D at packs (one interpolation weight per pack),
// and a critic normalised by LayerNorm, as WGAN-GP's, has the second derivatives they need.
TEST(Tricks, PenaltiesSeePacksAndLayerNormCritics) {
  Config c = train::parse_config(R"({"data": "ring8", "batch": 16, "latent_dim": 4, "grid": 8,
    "generator": [{"type": "linear", "units": 8}, {"type": "relu"}, {"type": "linear", "units": 2}],
    "discriminator": [{"type": "linear", "units": 8}, {"type": "layer_norm"},
                      {"type": "leaky_relu"}, {"type": "linear", "units": 1}],
    "objective": "wgan-gp", "gp": 10, "packing": 2, "lr_d": 0.001, "lr_g": 0.001})", "gp.json");
  auto t = Trainer::open(c);
  for (int i = 0; i < 3; ++i) t->step();
  EXPECT_GT(t->last().penalty, 0.0f);
  EXPECT_TRUE(std::isfinite(t->last().loss_d));
  Hyper h = t->hyper();
  h.objective = &train::objective_from_string("non-saturating");
  h.gp = 0;
  h.r1 = 5;
  h.packing = 4;
  h.spectral_norm = true;
  t->set_hyper(h);
  for (int i = 0; i < 3; ++i) t->step();
  EXPECT_GT(t->last().penalty, 0.0f);
  EXPECT_TRUE(std::isfinite(t->last().loss_d));
}
