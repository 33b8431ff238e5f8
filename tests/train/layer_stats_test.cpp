// Per-layer gradient and spectral norms (train/layer_stats.h), each against an answer known
// another way: the optimizer's whole-network gradient norm, and an SVD.
#include <gtest/gtest.h>

#include <cmath>

#include "data/dataset.h"
#include "nn/conv2d.h"
#include "nn/linear.h"
#include "nn/spectral_norm.h"
#include "support/linalg_support.h"
#include "support/train_support.h"
#include "train/snapshot_builder.h"
#include "train/trainer.h"

using namespace ganscope;
using ganscope::testing::ring_config;
using train::LayerStat;
using train::Trainer;

namespace {

// sqrt of the sum of the squares of network's per-layer gradient norms.
double combined_grad_norm(const std::vector<LayerStat>& layers, const std::string& network) {
  double squares = 0;
  for (const auto& l : layers)
    if (l.network == network) squares += double(l.grad_norm) * l.grad_norm;
  return std::sqrt(squares);
}

// The layers' squares add up to the optimizer's norm of the whole gradient, for D's update and
// G's; read from a snapshot, so the snapshot's own passes through D (the grid's scores, the
// push arrows) are shown to leave D's gradients as its update left them.
void expect_layers_add_up(Trainer& t) {
  for (int i = 0; i < 3; ++i) t.step();
  train::Snapshot s;
  train::fill_snapshot(t, s);
  ASSERT_FALSE(s.layers.empty());
  EXPECT_NEAR(combined_grad_norm(s.layers, "D"), t.last().grad_norm_d, 1e-5 * t.last().grad_norm_d);
  EXPECT_NEAR(combined_grad_norm(s.layers, "G"), t.last().grad_norm_g, 1e-5 * t.last().grad_norm_g);
  // Each stat names the row of layer_summaries() it belongs to.
  const auto rows = t.layer_summaries();
  for (const auto& l : s.layers) {
    std::size_t first = 0;  // the network's input row
    while (rows[first].network != l.network) ++first;
    ASSERT_LT(first + std::size_t(l.index), rows.size());
    EXPECT_EQ(rows[first + std::size_t(l.index)].layer, l.layer);
    EXPECT_GT(l.grad_norm, 0) << l.network << " " << l.layer;
  }
}

TEST(LayerStats, GradNormsAddUpToTheNetworksOnRing) {
  auto t = Trainer::open(ring_config());
  expect_layers_add_up(*t);
}

TEST(LayerStats, GradNormsAddUpToTheNetworksOnMlp) {
  Trainer t(train::load_preset("mlp"), data::random_images(256, 28, 28, 1));
  expect_layers_add_up(t);
}

// The largest singular value by SVD of the weight as the layer applies it, for the layers the
// meter measures: W / (u^T W v) under spectral normalisation, with the layer's own u and v.
double svd_sigma(nn::Layer<float>& layer) {
  if (auto* sn = dynamic_cast<nn::SpectralNorm<float>*>(&layer)) {
    const Eigen::MatrixXd w = sn->weight().cast<double>();
    const double sigma = sn->u().cast<double>().col(0).dot(w * sn->v().cast<double>().col(0));
    return ganscope::testing::largest_singular_value(w) / std::abs(sigma);
  }
  nn::MatF* w = nullptr;
  if (auto* l = dynamic_cast<nn::Linear<float>*>(&layer)) w = &l->weight();
  if (auto* c = dynamic_cast<nn::Conv2d<float>*>(&layer)) w = &c->weight();
  return w ? ganscope::testing::largest_singular_value(w->cast<double>()) : std::nan("");
}

// Power iteration from kept vectors converges to the SVD's answer, for Linear layers (ring's
// D, also spectrally normalised) and Conv2d ones (dcgan's), viewed as out x (in*k*k). A freshly
// drawn weight has top singular values close together, the slowest case: dcgan's G's
// Linear(100 -> 6272) is 1.3% low after 60 measurements.
TEST(LayerStats, SpectralNormsMatchTheSvd) {
  auto ring = Trainer::open(ring_config());
  train::Config sn_config = ring_config();
  sn_config.hyper.spectral_norm = true;
  auto sn_ring = Trainer::open(sn_config);
  for (int i = 0; i < 20; ++i) ring->step(), sn_ring->step();
  Trainer dcgan(train::load_preset("dcgan"), data::random_images(64, 28, 28, 1));
  for (Trainer* t : {ring.get(), sn_ring.get(), &dcgan}) {
    std::vector<LayerStat> layers;
    for (int i = 0; i < 200; ++i) layers = t->layer_stats();
    int checked = 0;
    for (const auto& l : layers) {
      nn::Sequential<float>& net = l.network == "G" ? t->generator_net() : t->discriminator_net();
      const double expected = svd_sigma(net.layer(std::size_t(l.index - 1)));
      if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(l.spectral_norm)) << l.layer;
        continue;
      }
      EXPECT_NEAR(l.spectral_norm, expected, 0.01 * expected) << l.network << " " << l.layer;
      ++checked;
    }
    EXPECT_GE(checked, 3);
  }
}

// Spectral normalisation divides each weight by its estimate of sigma, so D's layers read
// about 1; the same D without it reads far from 1. Not exactly 1: the layer's estimate is one
// power iteration per forward, which starts low (ring's 64 x 64 layer reads 1.17 at step 30,
// 1.0001 at step 300) and lags a weight that moves (1.04 at step 1000).
TEST(LayerStats, SpectrallyNormalisedLayersReadAboutOne) {
  for (const bool sn : {true, false}) {
    train::Config c = ring_config();
    c.hyper.spectral_norm = sn;
    auto t = Trainer::open(c);
    for (int i = 0; i < 300; ++i) t->step();
    std::vector<LayerStat> layers;
    for (int i = 0; i < 60; ++i) layers = t->layer_stats();
    double farthest = 0;
    for (const auto& l : layers) {
      if (l.network != "D") continue;
      EXPECT_EQ(l.layer.rfind("SpectralNorm(", 0) == 0, sn) << l.layer;
      farthest = std::max(farthest, std::abs(std::log(double(l.spectral_norm))));
    }
    if (sn) EXPECT_LT(farthest, std::log(1.05));
    else EXPECT_GT(farthest, std::log(1.5));
  }
}

// A network built or loaded anew has no gradient of its own update yet: NaN, until it trains.
TEST(LayerStats, NoGradientBeforeAnUpdateOrAfterARebuildOrLoad) {
  auto t = Trainer::open(ring_config());
  for (const auto& l : t->layer_stats()) {
    EXPECT_TRUE(std::isnan(l.grad_norm)) << l.layer;
    EXPECT_FALSE(std::isnan(l.spectral_norm)) << l.layer;
  }
  t->step(train::StepKind::DOnly);
  for (const auto& l : t->layer_stats()) EXPECT_EQ(std::isnan(l.grad_norm), l.network == "G");
  t->step();
  train::Hyper h = t->hyper();
  h.spectral_norm = true;
  t->set_hyper(h);
  for (const auto& l : t->layer_stats()) EXPECT_EQ(std::isnan(l.grad_norm), l.network == "D");
  const std::string state = t->serialize(false);
  t->step();
  t->deserialize(state, "test");
  for (const auto& l : t->layer_stats()) EXPECT_TRUE(std::isnan(l.grad_norm)) << l.layer;
}

}  // namespace
