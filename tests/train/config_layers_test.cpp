// Layer specs of every type: parsing, round trips through to_json, same_architecture, and the
// shape checks of build_network.
#include <gtest/gtest.h>

#include <string>

#include "train/config.h"
#include "train/network_builder.h"
#include "train/weight_init.h"

using namespace ganscope;
using train::LayerSpec;

namespace {

// A config whose generator is the given layer list (JSON text, without the brackets).
std::string config_with_generator(const std::string& layers) {
  return "{\"data\": \"ring8\", \"generator\": [" + layers +
         "], \"discriminator\": [{\"type\": \"linear\", \"units\": 1}]}";
}

train::Config parse_generator(const std::string& layers) {
  return train::parse_config(config_with_generator(layers), "test.json");
}

void expect_layers_refused(const std::string& layers, const std::string& says) {
  try {
    parse_generator(layers);
    FAIL() << "accepted " << layers << "; expected an error saying " << says;
  } catch (const train::ConfigError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find(says), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << "one line: " << what;
  }
}

void expect_build_error(const std::vector<LayerSpec>& layers, const train::SampleShape& in,
                        const std::string& says) {
  try {
    train::build_network(layers, in, "generator");
    FAIL() << "built; expected an error saying " << says;
  } catch (const train::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), says);
  }
}

const char* kEveryType =
    "{\"type\": \"linear\", \"units\": 6272, \"spectral_norm\": true},"
    "{\"type\": \"reshape\", \"shape\": [128, 7, 7]},"
    "{\"type\": \"batch_norm\"},"
    "{\"type\": \"relu\"},"
    "{\"type\": \"conv_transpose\", \"out_channels\": 64, \"kernel\": 4, \"stride\": 2, \"padding\": 1},"
    "{\"type\": \"conv\", \"out_channels\": 32, \"kernel\": 3, \"padding\": 1, \"spectral_norm\": true},"
    "{\"type\": \"leaky_relu\", \"slope\": 0.1},"
    "{\"type\": \"dropout\", \"p\": 0.3},"
    "{\"type\": \"flatten\"},"
    "{\"type\": \"batch_norm\"},"
    "{\"type\": \"maxout\", \"pieces\": 4},"
    "{\"type\": \"sigmoid\"},"
    "{\"type\": \"linear\", \"units\": 2},"
    "{\"type\": \"tanh\"}";

}  // namespace

TEST(ConfigLayers, EveryTypeParses) {
  train::Config c = parse_generator(kEveryType);
  const auto& g = c.generator;
  ASSERT_EQ(g.size(), 14u);
  EXPECT_EQ(g[0].type, "linear");
  EXPECT_EQ(g[0].units, 6272);
  EXPECT_TRUE(g[0].spectral_norm);
  EXPECT_EQ(g[1].shape, (std::vector<int>{128, 7, 7}));
  EXPECT_EQ(g[2].type, "batch_norm");
  EXPECT_EQ(g[4].type, "conv_transpose");
  EXPECT_EQ(g[4].out_channels, 64);
  EXPECT_EQ(g[4].kernel, 4);
  EXPECT_EQ(g[4].stride, 2);
  EXPECT_EQ(g[4].padding, 1);
  EXPECT_FALSE(g[4].spectral_norm);
  EXPECT_EQ(g[5].type, "conv");
  EXPECT_EQ(g[5].stride, 1);  // the default
  EXPECT_EQ(g[5].padding, 1);
  EXPECT_TRUE(g[5].spectral_norm);
  EXPECT_FLOAT_EQ(g[6].slope, 0.1f);
  EXPECT_DOUBLE_EQ(g[7].p, 0.3);
  EXPECT_EQ(g[8].type, "flatten");
  EXPECT_EQ(g[10].pieces, 4);
  EXPECT_EQ(g[11].type, "sigmoid");
  EXPECT_EQ(g[13].type, "tanh");
  // Defaults: dropout p 0.5, leaky_relu slope 0.2.
  train::Config d = parse_generator("{\"type\": \"dropout\"}, {\"type\": \"leaky_relu\"}");
  EXPECT_DOUBLE_EQ(d.generator[0].p, 0.5);
  EXPECT_FLOAT_EQ(d.generator[1].slope, 0.2f);
}

TEST(ConfigLayers, EveryFieldRoundTrips) {
  train::Config c = parse_generator(kEveryType);
  train::Config again = train::parse_config(train::to_json(c), "again.json");
  ASSERT_EQ(again.generator.size(), c.generator.size());
  for (std::size_t i = 0; i < c.generator.size(); ++i) {
    const LayerSpec &a = c.generator[i], &b = again.generator[i];
    EXPECT_EQ(a.type, b.type) << i;
    EXPECT_EQ(a.units, b.units) << i;
    EXPECT_EQ(a.slope, b.slope) << i;
    EXPECT_EQ(a.out_channels, b.out_channels) << i;
    EXPECT_EQ(a.kernel, b.kernel) << i;
    EXPECT_EQ(a.stride, b.stride) << i;
    EXPECT_EQ(a.padding, b.padding) << i;
    EXPECT_EQ(a.shape, b.shape) << i;
    EXPECT_EQ(a.p, b.p) << i;
    EXPECT_EQ(a.pieces, b.pieces) << i;
    EXPECT_EQ(a.spectral_norm, b.spectral_norm) << i;
  }
  EXPECT_TRUE(train::same_architecture(c, again));
  EXPECT_EQ(train::to_json(c), train::to_json(again));
}

TEST(ConfigLayers, SameArchitectureSeesEveryField) {
  const train::Config base = parse_generator(kEveryType);
  auto differs = [&](auto change) {
    train::Config other = base;
    change(other.generator);
    return !train::same_architecture(base, other);
  };
  EXPECT_TRUE(differs([](auto& g) { g[0].units = 6271; }));
  EXPECT_TRUE(differs([](auto& g) { g[0].spectral_norm = false; }));
  EXPECT_TRUE(differs([](auto& g) { g[1].shape = {32, 14, 14}; }));
  EXPECT_TRUE(differs([](auto& g) { g[4].out_channels = 65; }));
  EXPECT_TRUE(differs([](auto& g) { g[4].kernel = 3; }));
  EXPECT_TRUE(differs([](auto& g) { g[4].stride = 1; }));
  EXPECT_TRUE(differs([](auto& g) { g[4].padding = 0; }));
  EXPECT_TRUE(differs([](auto& g) { g[5].spectral_norm = false; }));
  EXPECT_TRUE(differs([](auto& g) { g[6].slope = 0.2f; }));
  EXPECT_TRUE(differs([](auto& g) { g[7].p = 0.4; }));
  EXPECT_TRUE(differs([](auto& g) { g[10].pieces = 2; }));
  EXPECT_TRUE(differs([](auto& g) { g[11].type = "tanh"; }));
  EXPECT_TRUE(differs([](auto& g) { g.pop_back(); }));
  // Fields a type does not use are not part of its architecture.
  EXPECT_FALSE(differs([](auto& g) { g[3].units = 7; }));
}

TEST(ConfigLayers, BadValuesAreRefusedWithTheKeyNamed) {
  expect_layers_refused("{\"type\": \"conv\", \"kernel\": 4}",
                        "'out_channels' missing in generator layer 1");
  expect_layers_refused("{\"type\": \"conv\", \"out_channels\": 8}",
                        "'kernel' missing in generator layer 1");
  expect_layers_refused("{\"type\": \"conv\", \"out_channels\": 0, \"kernel\": 4}",
                        "'out_channels' in generator layer 1 is 0, outside 1 .. 4096");
  expect_layers_refused("{\"type\": \"conv\", \"out_channels\": 8, \"kernel\": 4, \"stride\": 0}",
                        "'stride' in generator layer 1 is 0");
  expect_layers_refused("{\"type\": \"conv\", \"out_channels\": 8, \"kernel\": 4, \"padding\": -1}",
                        "'padding' in generator layer 1 is -1");
  expect_layers_refused("{\"type\": \"conv\", \"out_channels\": 8, \"kernel\": 1000}",
                        "'kernel' in generator layer 1 is 1000");
  expect_layers_refused("{\"type\": \"conv\", \"out_channels\": 8.5, \"kernel\": 4}",
                        "'out_channels' in generator layer 1 must be a whole number");
  expect_layers_refused("{\"type\": \"conv\", \"out_channels\": 8, \"kernel\": 4, \"dilation\": 2}",
                        "unknown key 'dilation' in generator layer 1");
  expect_layers_refused(
      "{\"type\": \"conv\", \"out_channels\": 8, \"kernel\": 4, \"spectral_norm\": 1}",
      "'spectral_norm' in generator layer 1 must be true or false");
  expect_layers_refused(
      "{\"type\": \"conv_transpose\", \"out_channels\": 8, \"kernel\": 4, \"spectral_norm\": true}",
      "'spectral_norm' in generator layer 1 is not supported on conv_transpose");
  expect_layers_refused("{\"type\": \"linear\", \"units\": 8, \"spectral_norm\": \"yes\"}",
                        "'spectral_norm' in generator layer 1 must be true or false");
  expect_layers_refused("{\"type\": \"reshape\"}", "'shape' missing in generator layer 1");
  expect_layers_refused("{\"type\": \"reshape\", \"shape\": [1, 28]}",
                        "'shape' in generator layer 1 must be a list of 3");
  expect_layers_refused("{\"type\": \"reshape\", \"shape\": [1, 28, 28.5]}",
                        "'shape' in generator layer 1 must be a list of 3");
  expect_layers_refused("{\"type\": \"reshape\", \"shape\": [1, 0, 28]}",
                        "'shape' in generator layer 1 has 0, outside 1 .. 65536");
  expect_layers_refused("{\"type\": \"reshape\", \"shape\": \"1x28x28\"}",
                        "'shape' in generator layer 1 must be a list");
  expect_layers_refused("{\"type\": \"dropout\", \"p\": 1}",
                        "'p' in generator layer 1 is 1, outside 0 .. 0.99");
  expect_layers_refused("{\"type\": \"dropout\", \"p\": -0.1}", "'p' in generator layer 1 is -0.1");
  expect_layers_refused("{\"type\": \"dropout\", \"p\": \"half\"}",
                        "'p' in generator layer 1 must be a number");
  expect_layers_refused("{\"type\": \"maxout\"}", "'pieces' missing in generator layer 1");
  expect_layers_refused("{\"type\": \"maxout\", \"pieces\": 1}",
                        "'pieces' in generator layer 1 is 1, outside 2 .. 256");
  expect_layers_refused("{\"type\": \"batch_norm\", \"momentum\": 0.1}",
                        "unknown key 'momentum' in generator layer 1");
  expect_layers_refused("{\"type\": \"flatten\", \"units\": 3}",
                        "unknown key 'units' in generator layer 1");
  expect_layers_refused("{\"type\": \"conv2d\"}",
                        "unknown layer type 'conv2d' in generator layer 1");
}

TEST(ConfigLayers, BuildsAndTracksShapes) {
  train::Config c = parse_generator(kEveryType);
  train::SampleShape out;
  auto net = train::build_network(c.generator, train::SampleShape{100}, "generator", &out);
  EXPECT_EQ(out, (train::SampleShape{2}));
  EXPECT_EQ(net.out_features(), 2);
  EXPECT_EQ(net.size(), 14u);
  // The shape after each layer: conv_transpose makes 64x14x14, the 3x3 conv keeps 14x14.
  auto d = net.describe();
  EXPECT_EQ(d[0], "SpectralNorm(Linear(100 -> 6272))") ;
  EXPECT_EQ(d[4], "ConvTranspose2d(128->64, k4, s2, p1)");
  EXPECT_EQ(d[5], "SpectralNorm(Conv2d(64->32, k3, s1, p1))");
  EXPECT_EQ(d[9], "BatchNorm1d(6272)");  // after flatten: 32 * 14 * 14 features
  EXPECT_EQ(d[2], "BatchNorm2d(128)");
  EXPECT_EQ(net.layer(5).output_shape(), "32x14x14");
  // A linear layer reads an image flat (the mlp preset's D on 1 x 28 x 28 images).
  std::vector<LayerSpec> lin = parse_generator("{\"type\": \"linear\", \"units\": 1}").generator;
  EXPECT_EQ(train::build_network(lin, train::SampleShape{1, 28, 28}, "discriminator").out_features(), 1);
}

TEST(ConfigLayers, ShapeMismatchesNameLayerAndShapes) {
  auto g = [](const std::string& layers) { return parse_generator(layers).generator; };
  expect_build_error(g("{\"type\": \"linear\", \"units\": 6000}, {\"type\": \"relu\"},"
                       "{\"type\": \"reshape\", \"shape\": [128, 7, 7]}"),
                     {100}, "generator layer 3 (reshape to 128x7x7) needs 6272 inputs but gets 6000");
  expect_build_error(g("{\"type\": \"reshape\", \"shape\": [2, 5, 5]}"), {1, 7, 7},
                     "generator layer 1 (reshape to 2x5x5) needs 50 inputs but gets 49 (1x7x7)");
  expect_build_error(g("{\"type\": \"conv\", \"out_channels\": 64, \"kernel\": 4, \"stride\": 2, \"padding\": 1}"),
                     {784},
                     "generator layer 1 (conv to 64 channels, k4 s2 p1) needs an image (channels x "
                     "height x width) but gets 784 flat features; add a reshape before it");
  expect_build_error(g("{\"type\": \"conv\", \"out_channels\": 8, \"kernel\": 5}"), {3, 3, 3},
                     "generator layer 1 (conv to 8 channels, k5 s1 p0) needs an input of at least "
                     "5x5 after padding 0 but gets 3x3x3");
  expect_build_error(g("{\"type\": \"conv_transpose\", \"out_channels\": 1, \"kernel\": 2, \"padding\": 2}"),
                     {4, 1, 1},
                     "generator layer 1 (conv_transpose to 1 channel, k2 s1 p2) leaves no output from "
                     "a 4x1x1 input (padding 2 is too large)");
  expect_build_error(g("{\"type\": \"flatten\"}, {\"type\": \"maxout\", \"pieces\": 3}"), {1, 4, 4},
                     "generator layer 2 (maxout of 3) needs a multiple of 3 inputs but gets 16");
  expect_build_error(g("{\"type\": \"linear\", \"units\": 65536}, {\"type\": \"linear\", \"units\": 65536}"),
                     {100}, "generator would have 4.30165e+09 parameters; the limit is 1e+08");
  expect_build_error(g("{\"type\": \"conv_transpose\", \"out_channels\": 4096, \"kernel\": 32, \"stride\": 32}"),
                     {64, 8, 8},
                     "generator layer 1 (conv_transpose to 4096 channels, k32 s32 p0) would spread its "
                     "64x8x8 input over 2.68435e+08 values per sample; the limit is 4194304");
}

// "layer_norm" normalises each sample over its whole shape, image or flat, with PyTorch's
// initial affine map (scale 1, shift 0) whatever either init scheme draws for the other layers.
TEST(ConfigLayers, LayerNormNormalisesTheWholeSample) {
  train::Config c = parse_generator(
      "{\"type\": \"linear\", \"units\": 12}, {\"type\": \"reshape\", \"shape\": [3, 2, 2]},"
      "{\"type\": \"layer_norm\"}, {\"type\": \"flatten\"}, {\"type\": \"layer_norm\"},"
      "{\"type\": \"linear\", \"units\": 2}");
  EXPECT_EQ(train::parse_config(train::to_json(c), "again.json").generator[2].type, "layer_norm");
  const train::NetworkPlan plan = train::plan_network(c.generator, {4}, "generator");
  EXPECT_EQ(plan.params, (4 * 12 + 12) + 2 * 12 + 2 * 12 + (12 * 2 + 2));
  nn::Sequential<float> g = train::build_network(c.generator, 4, "generator");
  EXPECT_EQ(g.describe()[2], "LayerNorm(3x2x2)");
  EXPECT_EQ(g.describe()[4], "LayerNorm(12)");
  for (train::InitScheme scheme : {train::InitScheme::Normal002, train::InitScheme::TorchDefault}) {
    nn::Rng r(3);
    train::init_network(g, r, scheme);
    for (std::size_t i : {2u, 4u}) {
      auto p = g.layer(i).params();
      EXPECT_TRUE(p[0].value->isOnes()) << i << " " << train::init_name(scheme);
      EXPECT_TRUE(p[1].value->isZero()) << i << " " << train::init_name(scheme);
    }
  }
  expect_layers_refused("{\"type\": \"layer_norm\", \"eps\": 1e-6}",
                        "unknown key 'eps' in generator layer 1");
}
