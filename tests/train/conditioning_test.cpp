// Class-conditional GANs (train/conditioning.h): the label planes D reads, the grid's one row
// per class, class lookup by name or number, the gradient penalty on a conditional D, the
// config's refusals, a checkpoint's round trip, and a small run in which G learns to make the
// class it is asked for.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "data/dataset.h"
#include "nn/rng.h"
#include "support/train_support.h"
#include "train/snapshot_builder.h"
#include "train/conditioning.h"
#include "train/gradient_penalty.h"
#include "train/snapshot.h"
#include "train/trainer.h"
#include "train/weight_init.h"

using namespace ganscope;
using train::Config;
using train::Trainer;

namespace {

// 8x8 images of two classes: "dark" all black, "light" all white, alternating.
std::unique_ptr<data::ImageDataset> two_tone_images(int count) {
  std::vector<std::uint8_t> pixels(std::size_t(count) * 64);
  std::vector<std::uint8_t> labels(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    labels[std::size_t(i)] = std::uint8_t(i % 2);
    std::fill_n(pixels.begin() + std::ptrdiff_t(i) * 64, 64, std::uint8_t(i % 2 ? 255 : 0));
  }
  auto set = std::make_unique<data::ImageDataset>(count, 8, 8, std::move(pixels), "two tones");
  set->set_labels(std::move(labels), {"dark", "light"});
  return set;
}

Config small_conditional() {
  return train::parse_config(R"({"data": "two tones", "batch": 32, "latent_dim": 4, "grid": 16,
    "conditional": true,
    "generator": [{"type": "linear", "units": 32}, {"type": "leaky_relu"},
                  {"type": "linear", "units": 64}, {"type": "tanh"}],
    "discriminator": [{"type": "linear", "units": 32}, {"type": "leaky_relu"},
                      {"type": "linear", "units": 1}],
    "lr_d": 0.002, "lr_g": 0.002, "beta1": 0.5})", "small.json");
}

// The same with a projection D (nn/class_projection.h) and, at class_loss > 0, AC-GAN's term.
Config small_projection(float class_loss) {
  Config c = small_conditional();
  c.conditioning = "projection";
  c.hyper.class_loss = class_loss;
  return c;
}

void zero_grads(nn::Sequential<float>& net) {
  for (nn::Param<float>& p : net.params()) *p.grad = nn::MatF::Zero(p.value->rows(), p.value->cols());
}

double mean_of(const std::vector<float>& xs) {
  return std::accumulate(xs.begin(), xs.end(), 0.0) / double(xs.size());
}

}  // namespace

TEST(Conditioning, AppendPutsOnePlanePerClassBelowTheSample) {
  nn::MatF x(8, 2);  // two 2x2 images of 2 channels
  x.setRandom();
  nn::MatF onehot = nn::MatF::Zero(3, 2);
  onehot(2, 0) = 1;
  onehot(0, 1) = 1;
  nn::MatF out;
  train::Conditioning{3, 4}.append(x, onehot, out);
  ASSERT_EQ(out.rows(), 8 + 3 * 4);
  EXPECT_EQ(out.topRows(8), x);
  for (int k = 0; k < 3; ++k)
    for (int j = 0; j < 2; ++j)
      EXPECT_TRUE((out.block(8 + 4 * k, j, 4, 1).array() == onehot(k, j)).all()) << k << " " << j;
  train::Conditioning{3, 1}.append(x, onehot, out);  // flat samples: one value per class
  EXPECT_EQ(out.bottomRows(3), onehot);
}

TEST(Conditioning, OneHotRowsAndTheirLabelsRoundTrip) {
  nn::MatF z = nn::MatF::Constant(7, 4, 0.5f);
  const int labels[4] = {2, 0, 1, 2};
  train::set_onehot(z, 4, 3, labels);
  EXPECT_TRUE((z.topRows(4).array() == 0.5f).all());
  EXPECT_FLOAT_EQ(z.bottomRows(3).sum(), 4.0f);
  EXPECT_EQ(train::labels_of(z, 4, 3), (std::vector<int>{2, 0, 1, 2}));
}

TEST(Conditioning, TheGridHasOneRowPerClass) {
  const std::vector<int> ten = train::grid_labels(100, 10);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(ten[std::size_t(i)], i / 10) << i;
  // 7 samples tile in rows of 3; the rows take the classes in turn, round again past the last.
  EXPECT_EQ(train::grid_labels(7, 3), (std::vector<int>{0, 0, 0, 1, 1, 1, 2}));
  EXPECT_EQ(train::grid_labels(9, 2), (std::vector<int>{0, 0, 0, 1, 1, 1, 0, 0, 0}));
}

TEST(Conditioning, AClassIsFoundByNameOrNumber) {
  const std::vector<std::string> names = {"T-shirt/top", "Trouser", "7"};
  EXPECT_EQ(train::find_class(names, "Trouser"), 1);
  EXPECT_EQ(train::find_class(names, "7"), 2);  // a name first, then a number
  EXPECT_EQ(train::find_class(names, "0"), 0);
  EXPECT_EQ(train::find_class(names, "3"), -1);
  EXPECT_EQ(train::find_class(names, "-1"), -1);
  EXPECT_EQ(train::find_class(names, "trouser"), -1);
  EXPECT_EQ(train::find_class(names, "99999999999"), -1);
  EXPECT_EQ(train::find_class(names, ""), -1);
}

// With one label for the whole batch the label's columns of D's first layer are a constant
// shift, so D on [x; onehot(y)] is D' on x with that column folded into its bias: the penalty
// (counting only the sample's rows) and its gradients must be D''s, whose penalty the golden
// tests compare with PyTorch's.
TEST(Conditioning, APenaltyOnAConditionalDIsThatOfTheDWithTheLabelFoldedIn) {
  std::vector<train::LayerSpec> layers(3);
  layers[0].type = "linear";
  layers[0].units = 6;
  layers[1].type = "tanh";
  layers[2].type = "linear";
  layers[2].units = 1;
  const int F = 5, K = 3, B = 4, label = 1;
  nn::Sequential<float> d = train::build_network(layers, F + K, "discriminator");
  nn::Sequential<float> folded = train::build_network(layers, F, "discriminator");
  nn::Rng r(11);
  train::init_network(d, r, train::InitScheme::TorchDefault);
  std::vector<nn::Param<float>> p = d.params(), q = folded.params();
  ASSERT_EQ(p.size(), q.size());
  *q[0].value = p[0].value->leftCols(F);
  *q[1].value = *p[1].value + p[0].value->col(F + label);
  for (std::size_t i = 2; i < p.size(); ++i) *q[i].value = *p[i].value;
  nn::MatF x(F, B), onehot = nn::MatF::Zero(K, B), xy;
  x.setRandom();
  onehot.row(label).setOnes();
  train::Conditioning{K, 1}.append(x, onehot, xy);
  zero_grads(d);
  zero_grads(folded);
  train::GradientPenalty a, b;
  const auto ra = a.add(d, xy, 10.0f, 1.0f, F);
  const auto rb = b.add(folded, x, 10.0f, 1.0f);
  EXPECT_NEAR(ra.value, rb.value, 1e-5f * std::abs(rb.value) + 1e-7f);
  EXPECT_NEAR(ra.mean_grad_norm, rb.mean_grad_norm, 1e-6f);
  EXPECT_TRUE(p[0].grad->leftCols(F).isApprox(*q[0].grad, 1e-4f));
  EXPECT_TRUE(p[0].grad->col(F + label).isApprox(*q[1].grad, 1e-4f));  // d bias = d that column
  for (std::size_t i = 1; i < p.size(); ++i) EXPECT_TRUE(p[i].grad->isApprox(*q[i].grad, 1e-4f)) << i;
  // Counting the label rows too would be another penalty: the test can tell them apart.
  zero_grads(d);
  EXPECT_GT(std::abs(a.add(d, xy, 10.0f, 1.0f).value - rb.value), 1e-4f);
}

TEST(Conditioning, TheConfigRefusesWhatCannotWork) {
  Config c = small_conditional();
  auto data = two_tone_images(64);
  EXPECT_EQ(Trainer(c, std::move(data)).classes(), 2);
  EXPECT_THROW(Trainer(c, data::random_images(64, 8, 8, 1)), train::ConfigError);  // no labels
  c.classes = 3;
  EXPECT_THROW(Trainer(c, two_tone_images(64)), train::ConfigError);  // 3 asked, 2 in the data
  EXPECT_THROW(train::parse_config(R"({"conditional": true, "packing": 2})", "p.json"),
               train::ConfigError);
  EXPECT_THROW(train::parse_config(R"({"classes": 1})", "p.json"), train::ConfigError);
  EXPECT_THROW(train::parse_config(R"({"classes": 2, "class_names": ["a"]})", "p.json"),
               train::ConfigError);
  Trainer t(small_conditional(), two_tone_images(64));
  train::Hyper h = t.hyper();
  h.packing = 2;
  EXPECT_THROW(t.set_hyper(h), train::ConfigError);
}

TEST(Conditioning, ACheckpointKeepsTheClassesAndGeneratesTheSame) {
  Trainer t(small_conditional(), two_tone_images(64));
  for (int i = 0; i < 3; ++i) t.step();
  Trainer loaded(train::parse_config(train::to_json(t.config()), "again.json"), nullptr);
  loaded.deserialize(t.serialize(true), "memory");
  EXPECT_EQ(loaded.classes(), 2);
  EXPECT_EQ(loaded.class_names(), (std::vector<std::string>{"dark", "light"}));
  for (int label : {-1, 0, 1}) {
    std::vector<float> a, b;
    t.generate_each(5, 9, [&](const float* xs, int m) { a.insert(a.end(), xs, xs + 64 * m); }, label);
    loaded.generate_each(5, 9, [&](const float* xs, int m) { b.insert(b.end(), xs, xs + 64 * m); }, label);
    EXPECT_EQ(a, b) << label;
  }
}

// The proof in small: black and white images, told apart only by their labels. After 300
// steps G makes dark images when asked for "dark" and light ones for "light", from the same z.
namespace {
void expect_g_learns_the_classes(const Config& c) {
  Trainer t(c, two_tone_images(256));
  for (int i = 0; i < 300; ++i) t.step();
  std::vector<float> dark, light;
  t.generate_each(64, 5, [&](const float* xs, int m) { dark.insert(dark.end(), xs, xs + 64 * m); }, 0);
  t.generate_each(64, 5, [&](const float* xs, int m) { light.insert(light.end(), xs, xs + 64 * m); }, 1);
  EXPECT_LT(mean_of(dark), -0.5);
  EXPECT_GT(mean_of(light), 0.5);
}
}  // namespace

TEST(Conditioning, GLearnsToMakeTheClassItIsAskedFor) { expect_g_learns_the_classes(small_conditional()); }

// A projection D reads the sample alone (64 values, not 64 + 2 planes) and the label at its
// head: a Linear to 1 + 2 + 2 (the logit, a projection and a class logit per class).
TEST(Conditioning, AProjectionDReadsTheLabelAtItsHead) {
  Trainer t(small_projection(0), two_tone_images(64));
  std::vector<std::string> d_layers;
  for (const auto& l : t.layer_summaries())
    if (l.network == "D") d_layers.push_back(l.layer + " " + l.output);
  ASSERT_EQ(d_layers.size(), 5u);
  EXPECT_EQ(d_layers[1], "Linear(64 -> 32) 32");
  EXPECT_EQ(d_layers[3], "Linear(32 -> 5) 5");
  EXPECT_EQ(d_layers[4], "ClassProjection(1+2+2 -> 1) 1");
  for (int i = 0; i < 3; ++i) t.step();
  // The same images judged as dark and as light: the label changes D's output.
  std::vector<float> x(64 * 4, 0.3f);
  const std::vector<int> dark(4, 0), light(4, 1);
  const std::vector<float> as_dark = t.discriminate(x.data(), 4, dark.data());
  const std::vector<float> as_light = t.discriminate(x.data(), 4, light.data());
  ASSERT_EQ(as_dark.size(), 4u);
  EXPECT_NE(as_dark[0], as_light[0]);
  EXPECT_EQ(as_dark[0], as_dark[3]);
}

TEST(Conditioning, TheProjectionAndTheClassLossRefuseWhatCannotWork) {
  // How D reads a label means nothing without labels.
  EXPECT_THROW(train::parse_config(R"({"conditioning": "projection"})", "p.json"), train::ConfigError);
  EXPECT_THROW(train::parse_config(R"({"conditional": true, "conditioning": "both"})", "p.json"),
               train::ConfigError);
  // The class loss needs D's class logits: refused with planes, and without labels.
  Config planes = small_conditional();
  planes.hyper.class_loss = 1;
  EXPECT_THROW(Trainer(planes, two_tone_images(64)), train::ConfigError);
  Trainer t(small_conditional(), two_tone_images(64));
  train::Hyper h = t.hyper();
  h.class_loss = 1;
  EXPECT_THROW(t.set_hyper(h), train::ConfigError);
  // A projection D's head widens a last linear of 1 unit; another ending is named.
  Config odd = small_projection(0);
  odd.discriminator.back().units = 2;
  EXPECT_THROW(Trainer(odd, two_tone_images(64)), train::ConfigError);
  // On a projection D the weight changes live, with no new D.
  Trainer p(small_projection(0), two_tone_images(64));
  h = p.hyper();
  h.class_loss = 2;
  EXPECT_NO_THROW(p.set_hyper(h));
  p.step();
}

// The class loss is in both players' losses: with it on, D's and G's losses at the same
// state are larger by the (positive) cross-entropies, and the runs part ways.
TEST(Conditioning, TheClassLossAddsToBothLosses) {
  Trainer off(small_projection(0), two_tone_images(64)), on(small_projection(1), two_tone_images(64));
  off.step();
  on.step();
  const train::MetricRow a = off.history().rows().back(), b = on.history().rows().back();
  EXPECT_GT(b.loss_d, a.loss_d + 0.1f);  // two classes from scratch: about log 2 more
  EXPECT_GT(b.loss_g, a.loss_g + 0.1f);
  EXPECT_LT(b.loss_d, a.loss_d + 2.0f);
}

// The proof in small again, with a projection D and the class loss.
TEST(Conditioning, GLearnsTheClassWithAProjectionD) { expect_g_learns_the_classes(small_projection(1)); }

// The grid's class view: one class in every cell, each from latents of its own, and back to a
// row per class; what the view shows never changes training.
TEST(Conditioning, TheGridShowsOneClassOrARowPerClass) {
  Trainer t(small_conditional(), two_tone_images(64)), same(small_conditional(), two_tone_images(64));
  t.step();
  same.step();
  train::Snapshot rows;
  train::fill_snapshot(t, rows);
  EXPECT_EQ(rows.grid_class, -1);
  EXPECT_EQ(rows.grid_labels, train::grid_labels(16, 2));
  t.set_grid_class(1);
  train::Snapshot light;
  train::fill_snapshot(t, light);
  EXPECT_EQ(light.grid_class, 1);
  EXPECT_EQ(light.grid_labels, std::vector<int>(16, 1));
  ASSERT_EQ(light.fixed_latents.size(), 16u * 4u);
  // The row-per-class grid repeats its first row's latents; the one-class grid does not.
  EXPECT_TRUE(std::equal(rows.fixed_latents.begin(), rows.fixed_latents.begin() + 4, rows.fixed_latents.begin() + 16));
  EXPECT_FALSE(std::equal(light.fixed_latents.begin(), light.fixed_latents.begin() + 4, light.fixed_latents.begin() + 16));
  t.set_grid_class(7);  // no such class: a row per class
  EXPECT_EQ(t.grid_class(), -1);
  t.set_grid_class(0);
  for (int i = 0; i < 3; ++i) {
    t.step();
    same.step();
  }
  EXPECT_EQ(t.last().loss_d, same.last().loss_d);
  EXPECT_EQ(t.last().loss_g, same.last().loss_g);
}
