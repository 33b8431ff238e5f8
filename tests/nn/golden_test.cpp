// The layers in float against PyTorch 1.13 (fixtures from tests/golden/make_fixtures.py, the
// reference computed in float64 from the same float32 inputs). Each tensor must agree to 1e-4
// relative to its largest magnitude; the largest error of every tensor is printed.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>

#include "support/golden_reader.h"
#include "nn/activations.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/conv_transpose2d.h"
#include "nn/layer_norm.h"
#include "nn/linear.h"
#include "nn/maxout.h"
#include "nn/spectral_norm.h"
#include "support/test_support.h"

using namespace ganscope::nn;
using ganscope::testing::GoldenFile;

namespace {

constexpr double kTolerance = 1e-4;

GoldenFile fixture(const std::string& name) {
  return GoldenFile::read(std::string(GANSCOPE_SOURCE_DIR) + "/tests/golden/fixtures/" + name +
                          ".bin");
}

// max |got - want| / max |want|, printed and checked.
void expect_close(const std::string& label, const MatF& got, const MatF& want) {
  ASSERT_EQ(got.rows(), want.rows()) << label;
  ASSERT_EQ(got.cols(), want.cols()) << label;
  const double err = (got - want).cwiseAbs().maxCoeff();
  const double rel = err / std::max(1e-6, double(want.cwiseAbs().maxCoeff()));
  std::printf("  %-34s max |err| %.2e  relative %.2e\n", label.c_str(), err, rel);
  EXPECT_LT(rel, kTolerance) << label;
}

// A parameter of the layer (in params() order) and its value and gradient in the fixture.
struct ParamNames {
  std::string value, grad;
};

// Loads the parameters, runs forward on "x" (compared with "y") and backward with "dy"
// (compared with "dx" and every parameter gradient). `after_forward` checks extra state.
void check_layer(const std::string& name, const GoldenFile& f, Layer<float>& layer,
                 const std::vector<ParamNames>& names,
                 const std::function<void()>& after_forward = nullptr) {
  auto params = layer.params();
  ASSERT_EQ(params.size(), names.size()) << name;
  for (std::size_t i = 0; i < names.size(); ++i) {
    MatF v = f.matrix<float>(names[i].value);
    ASSERT_EQ(v.rows(), params[i].value->rows()) << name << " " << names[i].value;
    ASSERT_EQ(v.cols(), params[i].value->cols()) << name << " " << names[i].value;
    *params[i].value = v;
  }
  const MatF x = f.batch<float>("x"), dy = f.batch<float>("dy");
  ASSERT_EQ(layer.out_features(int(x.rows())), f.batch<float>("y").rows()) << name;
  MatF y, dx;
  layer.forward(x, y);
  expect_close(name + " y", y, f.batch<float>("y"));
  if (after_forward) after_forward();
  layer.backward(x, y, dy, &dx, true);
  expect_close(name + " dx", dx, f.batch<float>("dx"));
  for (std::size_t i = 0; i < names.size(); ++i)
    expect_close(name + " " + names[i].grad, *params[i].grad, f.matrix<float>(names[i].grad));
}

const std::vector<ParamNames> kWeightBias = {{"weight", "dweight"}, {"bias", "dbias"}};

TEST(Golden, Linear) {
  GoldenFile f = fixture("linear");
  MatF w = f.matrix<float>("weight");
  Linear<float> layer(int(w.cols()), int(w.rows()));
  check_layer("linear", f, layer, kWeightBias);
}

class GoldenConv : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenConv, MatchesPyTorch) {
  const std::string name = GetParam();
  GoldenFile f = fixture(name);
  auto c = [&](int i) { return f.integer("config", i); };  // in_c, h, w, out_c, k, s, p
  std::unique_ptr<Layer<float>> layer;
  if (name.rfind("conv2d", 0) == 0)
    layer = std::make_unique<Conv2d<float>>(c(0), c(1), c(2), c(3), c(4), c(5), c(6));
  else
    layer = std::make_unique<ConvTranspose2d<float>>(c(0), c(1), c(2), c(3), c(4), c(5), c(6));
  check_layer(name, f, *layer, kWeightBias);
}

INSTANTIATE_TEST_SUITE_P(Layers, GoldenConv,
                         ::testing::Values("conv2d_k4s2p1", "conv2d_k3s1p0",
                                           "conv_transpose2d_k4s2p1", "conv_transpose2d_k3s2p1"),
                         [](const auto& info) { return info.param; });

class GoldenBatchNorm : public ::testing::TestWithParam<std::string> {};

// Train mode also moves the running statistics, once per group; eval mode must not.
TEST_P(GoldenBatchNorm, MatchesPyTorch) {
  const std::string name = GetParam();
  GoldenFile f = fixture(name);
  const int c = f.integer("config", 0), h = f.integer("config", 1), w = f.integer("config", 2);
  auto bn =
      h == 0 ? std::make_unique<BatchNorm<float>>(c) : std::make_unique<BatchNorm<float>>(c, h, w);
  bn->set_batch_groups(f.integer("config", 3));
  bn->set_training(name.find("eval") == std::string::npos);
  bn->running_mean() = f.matrix<float>("running_mean_before");
  bn->running_var() = f.matrix<float>("running_var_before");
  check_layer(name, f, *bn, kWeightBias, [&] {
    expect_close(name + " running_mean", bn->running_mean(), f.matrix<float>("running_mean"));
    expect_close(name + " running_var", bn->running_var(), f.matrix<float>("running_var"));
  });
}

INSTANTIATE_TEST_SUITE_P(Layers, GoldenBatchNorm,
                         ::testing::Values("batchnorm1d_train", "batchnorm1d_eval",
                                           "batchnorm2d_train", "batchnorm2d_eval",
                                           "batchnorm2d_groups2"),
                         [](const auto& info) { return info.param; });

// torch.nn.LayerNorm([2, 4, 5]) with a random affine map: each sample normalised over its 40 values.
TEST(Golden, LayerNorm) {
  GoldenFile f = fixture("layer_norm_3d");
  LayerNorm<float> layer({f.integer("config", 0), f.integer("config", 1), f.integer("config", 2)});
  check_layer("layer_norm_3d", f, layer, kWeightBias);
}

TEST(Golden, Activations) {
  LeakyReLU<float> leaky(0.2f);
  Tanh<float> tanh;
  Sigmoid<float> sigmoid;
  GoldenFile fl = fixture("leaky_relu"), ft = fixture("tanh"), fs = fixture("sigmoid");
  check_layer("leaky_relu", fl, leaky, {});
  check_layer("tanh", ft, tanh, {});
  check_layer("sigmoid", fs, sigmoid, {});
}

TEST(Golden, Maxout) {
  GoldenFile f = fixture("maxout");
  Maxout<float> layer(f.integer("config", 0));
  check_layer("maxout", f, layer, {});
}

// One training-mode forward: one power iteration from the stored u, v, then W / sigma.
void check_spectral_norm(const std::string& name, std::unique_ptr<Layer<float>> inner) {
  GoldenFile f = fixture(name);
  SpectralNorm<float> sn(std::move(inner));
  sn.u() = f.matrix<float>("u_before");
  sn.v() = f.matrix<float>("v_before");
  check_layer(name, f, sn, {{"weight_orig", "dweight"}, {"bias", "dbias"}}, [&] {
    expect_close(name + " u", sn.u(), f.matrix<float>("u"));
    expect_close(name + " v", sn.v(), f.matrix<float>("v"));
    expect_close(name + " sigma", MatF::Constant(1, 1, sn.sigma()), f.matrix<float>("sigma"));
  });
}

TEST(Golden, SpectralNormLinear) {
  check_spectral_norm("spectral_norm_linear", std::make_unique<Linear<float>>(6, 5));
}

TEST(Golden, SpectralNormConv2d) {
  // As make_fixtures.py: Conv2d(2, 3, 4, stride 2, padding 1) on 2x6x6.
  check_spectral_norm("spectral_norm_conv2d", std::make_unique<Conv2d<float>>(2, 6, 6, 3, 4, 2, 1));
}

TEST(GoldenReader, RefusesBadFiles) {
  const std::string dir = ganscope::testing::make_temp_dir("golden");
  const std::string good = ganscope::testing::read_file(std::string(GANSCOPE_SOURCE_DIR) +
                                                        "/tests/golden/fixtures/tanh.bin");
  auto refused = [&](const std::string& bytes, const std::string& why) {
    ganscope::testing::write_file(dir + "/f.bin", bytes);
    try {
      GoldenFile::read(dir + "/f.bin");
      ADD_FAILURE() << "accepted: " << why;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
  };
  std::string bad_magic = good, bad_version = good;
  bad_magic[0] = 'X';
  bad_version[4] = 9;
  refused(bad_magic, "wrong magic");
  refused(bad_version, "version 9");
  refused(good.substr(0, good.size() - 1), "truncated");
  refused(good + "x", "trailing bytes");
  EXPECT_THROW(fixture("tanh").at("nope"), std::runtime_error);
}

}  // namespace
