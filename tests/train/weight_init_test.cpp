// Weight initialisation (train/weight_init.h): PyTorch's default bounds and variance per layer
// kind, the DCGAN scheme as it always was, and the config key "init".
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "nn/rng.h"
#include "support/train_support.h"
#include "train/checkpoint.h"
#include "train/config.h"
#include "train/network_builder.h"
#include "train/trainer.h"
#include "train/weight_init.h"

using namespace ganscope;
using ganscope::testing::expect_setting_refused;
using train::InitScheme;
using train::LayerSpec;

namespace {

struct Stats {
  double max_abs = 0, mean = 0, var = 0;
};

Stats stats_of(const nn::MatF& m) {
  Stats s;
  const double n = double(m.size());
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    s.max_abs = std::max(s.max_abs, double(std::abs(m.data()[i])));
    s.mean += m.data()[i] / n;
  }
  for (Eigen::Index i = 0; i < m.size(); ++i) s.var += std::pow(m.data()[i] - s.mean, 2) / n;
  return s;
}

// One layer built as the trainer builds it, initialised by scheme.
nn::Sequential<float> one_layer(const LayerSpec& spec, const train::SampleShape& in,
                                InitScheme scheme, std::uint64_t seed = 5) {
  nn::Sequential<float> net = train::build_network({spec}, in, "test");
  nn::Rng r(seed);
  train::init_network(net, r, scheme);
  return net;
}

LayerSpec conv_spec(const char* type, int out_channels) {
  LayerSpec s;
  s.type = type;
  s.out_channels = out_channels;
  s.kernel = 4;
  s.stride = 2;
  s.padding = 1;
  return s;
}

// Weight and bias within +-1/sqrt(fan_in), the weight's variance 1/(3 fan_in) (U(-b, b) has
// variance b^2/3), where fan_in is what torch.nn.init._calculate_fan_in_and_fan_out says.
void expect_torch_default(nn::Sequential<float>& net, int fan_in, const std::string& what) {
  const double bound = 1.0 / std::sqrt(double(fan_in));
  auto params = net.params();
  ASSERT_EQ(params.size(), 2u) << what;
  const Stats w = stats_of(*params[0].value), b = stats_of(*params[1].value);
  EXPECT_LE(w.max_abs, bound) << what;
  EXPECT_GT(w.max_abs, 0.99 * bound) << what;  // thousands of draws reach the edge
  EXPECT_NEAR(w.mean, 0.0, 0.05 * bound) << what;
  // Relative standard error of the variance of n uniforms is sqrt(0.8 / n): under 1.5% here.
  EXPECT_NEAR(w.var / (bound * bound / 3), 1.0, 0.06) << what;
  EXPECT_LE(b.max_abs, bound) << what;
  EXPECT_GT(b.max_abs, 0.25 * bound) << what;  // drawn, not zero
}

TEST(WeightInit, TorchDefaultLinear) {
  LayerSpec s;
  s.type = "linear";
  s.units = 64;
  nn::Sequential<float> net = one_layer(s, {300}, InitScheme::TorchDefault);
  expect_torch_default(net, 300, "Linear(300 -> 64): fan_in = in");
}

TEST(WeightInit, TorchDefaultConv2d) {
  nn::Sequential<float> net = one_layer(conv_spec("conv", 32), {8, 10, 10}, InitScheme::TorchDefault);
  expect_torch_default(net, 8 * 4 * 4, "Conv2d(8 -> 32, k4): fan_in = in_c k^2");
}

// torch's ConvTranspose2d weight is (in_c, out_c, k, k) and its fan_in is size(1) k^2: out_c
// k^2, not in_c k^2 (64 x 16 = 1024 here, which would give a bound 2.8 times smaller).
TEST(WeightInit, TorchDefaultConvTranspose2dTakesFanInFromOutChannels) {
  nn::Sequential<float> net =
      one_layer(conv_spec("conv_transpose", 8), {64, 3, 3}, InitScheme::TorchDefault);
  expect_torch_default(net, 8 * 4 * 4, "ConvTranspose2d(64 -> 8, k4): fan_in = out_c k^2");
}

TEST(WeightInit, TorchDefaultSpectralNormWrapsTheSameDraw) {
  LayerSpec s;
  s.type = "linear";
  s.units = 64;
  s.spectral_norm = true;
  nn::Sequential<float> net = one_layer(s, {300}, InitScheme::TorchDefault);
  expect_torch_default(net, 300, "spectral-normed Linear(300 -> 64)");
}

TEST(WeightInit, BatchNormStartsAtOneAndZero) {
  LayerSpec bn;
  bn.type = "batch_norm";
  nn::Sequential<float> torch_net = one_layer(bn, {16, 2, 2}, InitScheme::TorchDefault);
  auto p = torch_net.params();
  EXPECT_EQ(*p[0].value, nn::MatF::Ones(16, 1));
  EXPECT_EQ(*p[1].value, nn::MatF::Zero(16, 1));
  // The DCGAN example draws the scales from N(1, 0.02).
  nn::Sequential<float> dcgan = one_layer(bn, {16, 2, 2}, InitScheme::Normal002);
  auto q = dcgan.params();
  EXPECT_NE(*q[0].value, nn::MatF::Ones(16, 1));
  EXPECT_LT((q[0].value->array() - 1).abs().maxCoeff(), 0.1f);
  EXPECT_EQ(*q[1].value, nn::MatF::Zero(16, 1));
}

// The default scheme draws exactly what it drew before it had a name: N(0, 0.02) weights in
// parameter order from the same stream, zero biases.
TEST(WeightInit, Normal002IsTheDcganDraw) {
  LayerSpec s;
  s.type = "linear";
  s.units = 7;
  nn::Sequential<float> net = one_layer(s, {5}, InitScheme::Normal002, 11);
  nn::Rng r(11);
  const nn::MatF& w = *net.params()[0].value;
  for (Eigen::Index i = 0; i < w.size(); ++i) EXPECT_EQ(w.data()[i], 0.02f * r.normal());
  EXPECT_EQ(*net.params()[1].value, nn::MatF::Zero(7, 1));
}

TEST(WeightInit, ConfigKeyDefaultsSetsAndRefuses) {
  const train::Config ring = train::load_preset("ring");
  EXPECT_EQ(ring.init, "normal_0.02");
  const train::Config c = train::apply_setting(ring, "init=torch_default");
  EXPECT_EQ(c.init, "torch_default");
  EXPECT_EQ(train::parse_config(train::to_json(c), "again").init, "torch_default");
  expect_setting_refused(ring, "init=kaiming",
                         "unknown init 'kaiming' (known: normal_0.02, torch_default)");
  expect_setting_refused(ring, "init=0.02", "'init' must be a string");
}

// The checkpoint's config says how its weights started, so a reset after a load draws the
// same way.
TEST(WeightInit, CheckpointsCarryTheScheme) {
  const train::Config c = train::apply_setting(train::load_preset("ring"), "init=torch_default");
  train::Trainer t(c, data::open_dataset("ring8", 1));
  const train::CheckpointReader r = train::CheckpointReader::from_bytes(t.serialize(false), "mem");
  EXPECT_EQ(train::parse_config(r.get("config"), "mem").init, "torch_default");
  // D's first layer is Linear(2 -> 64): torch's bound 1/sqrt(2).
  const Stats w = stats_of(*t.discriminator_net().params()[0].value);
  EXPECT_LE(w.max_abs, 1 / std::sqrt(2.0));
  EXPECT_GT(w.max_abs, 0.5);
}

}  // namespace
