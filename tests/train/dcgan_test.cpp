// The dcgan preset (issue 3): it builds with PyTorch's parameter counts, steps, counts its conv
// work, keeps snapshots free of side effects, and resumes from a checkpoint bit for bit.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>

#include "data/dataset.h"
#include "nn/rng.h"
#include "nn/threads.h"
#include "support/test_support.h"
#include "support/train_support.h"
#include "train/snapshot_builder.h"
#include "train/trainer.h"

using namespace ganscope;
using train::Config;
using train::Trainer;

using ganscope::testing::expect_same_rows;

namespace {

std::unique_ptr<Trainer> dcgan_on_random_images() {
  return std::make_unique<Trainer>(train::load_preset("dcgan"), data::random_images(256, 28, 28, 1));
}


// The state without the wall-clock seconds, which differ from run to run.
std::string state_of(const Trainer& t) {
  std::string s = t.serialize(false);
  return s;
}

}  // namespace

TEST(Dcgan, PresetBuildsWithPyTorchsParameterCounts) {
  Config c = train::load_preset("dcgan");
  EXPECT_EQ(c.batch, 64);
  EXPECT_EQ(c.latent_dim, 100);
  EXPECT_FLOAT_EQ(c.hyper.lr_d, 2e-4f);
  EXPECT_FLOAT_EQ(c.hyper.lr_g, 2e-4f);
  EXPECT_FLOAT_EQ(c.hyper.beta1, 0.5f);
  EXPECT_FLOAT_EQ(c.hyper.beta2, 0.999f);
  EXPECT_EQ(c.data, train::load_preset("mlp").data);
  train::SampleShape g_out;
  auto g = train::build_network(c.generator, train::SampleShape{100}, "generator", &g_out);
  auto d = train::build_network(c.discriminator, train::SampleShape{1, 28, 28}, "discriminator");
  EXPECT_EQ(g_out, (train::SampleShape{1, 28, 28}));
  // sum(p.numel() for p in G.parameters()) of bench/torch_reference.py's dcgan preset.
  EXPECT_EQ(g.parameter_count(), 766017u);
  EXPECT_EQ(d.parameter_count(), 138817u);
  EXPECT_EQ(g.describe(), (std::vector<std::string>{
                              "Linear(100 -> 6272)", "Reshape(128x7x7)", "BatchNorm2d(128)",
                              g.layer(3).describe(), "ConvTranspose2d(128->64, k4, s2, p1)",
                              "BatchNorm2d(64)", g.layer(6).describe(),
                              "ConvTranspose2d(64->1, k4, s2, p1)", "Tanh"}));
  EXPECT_EQ(d.describe(), (std::vector<std::string>{
                              "Conv2d(1->64, k4, s2, p1)", d.layer(1).describe(),
                              "Conv2d(64->128, k4, s2, p1)", "BatchNorm2d(128)",
                              d.layer(4).describe(), "Flatten", "Linear(6272 -> 1)"}));
}

TEST(Dcgan, OneStepOnRandomImages) {
  auto t = dcgan_on_random_images();
  EXPECT_EQ(t->output_dim(), 784);
  t->step();
  const auto& r = t->last();
  EXPECT_EQ(r.step, 1);
  EXPECT_TRUE(std::isfinite(r.loss_d) && std::isfinite(r.loss_g)) << r.loss_d << " " << r.loss_g;
  EXPECT_GT(r.d_real, 0.0f);
  EXPECT_LT(r.d_real, 1.0f);
  EXPECT_GT(r.grad_norm_d, 0.0f);
  EXPECT_GT(r.grad_norm_g, 0.0f);
  auto x = t->generate(3, 5);
  ASSERT_EQ(x.size(), 3u * 784u);
  for (float v : x) ASSERT_TRUE(v >= -1.0f && v <= 1.0f);
  EXPECT_FALSE(t->diverged()) << t->divergence();
}

TEST(Dcgan, FlopsCountTheConvolutionsAsTorchReferenceDoes) {
  auto t = dcgan_on_random_images();
  // bench/torch_reference.py dcgan's per-layer GEMM multiply-adds per sample:
  const double g[] = {100.0 * 6272, 7 * 7 * 128 * 64 * 16.0, 14 * 14 * 64 * 1 * 16.0};
  const double d[] = {14 * 14 * 64 * 1 * 16.0, 7 * 7 * 128 * 64 * 16.0, 6272.0};
  const double sg = g[0] + g[1] + g[2], sd = d[0] + d[1] + d[2], B = 64;
  const double macs = B * (3 * sg - g[0] + 6 * sd + 2 * (sd - d[0]));
  EXPECT_EQ(t->flops_per_step(), 2 * macs);
  EXPECT_EQ(t->flops_per_step(), 9441116160.0);  // the number torch_reference.py prints
}

TEST(Dcgan, EvaluationPassesChangeNoState) {
  auto t = dcgan_on_random_images();
  for (int i = 0; i < 3; ++i) t->step();
  const std::string before = state_of(*t);
  train::Snapshot s;
  train::fill_snapshot(*t, s);
  auto x = t->generate(10, 1);
  auto p = t->discriminate(x.data(), 10);
  EXPECT_EQ(state_of(*t), before) << "BatchNorm running statistics moved in evaluation mode";
  // The copy for the UI runs in evaluation mode too: the same numbers as generate.
  nn::Rng r(1);
  std::vector<float> z(100 * 10);
  for (auto& v : z) v = r.normal();
  EXPECT_EQ(s.generator->generate(z.data(), 10), x);
  // And evaluation mode is deterministic: the grid does not depend on the batch it is in.
  train::Snapshot again;
  train::fill_snapshot(*t, again);
  EXPECT_EQ(again.grid_pixels, s.grid_pixels);
  EXPECT_EQ(again.grid_scores, s.grid_scores);
}

TEST(Dcgan, CheckpointResumeIsBitExact) {
  const std::string dir = ganscope::testing::make_temp_dir("dcgan_resume");
  auto straight = dcgan_on_random_images();
  train::Snapshot s;
  for (int i = 0; i < 20; ++i) {
    straight->step();
    if (i % 7 == 3) train::fill_snapshot(*straight, s);  // snapshots must not disturb training
  }
  auto first = dcgan_on_random_images();
  for (int i = 0; i < 10; ++i) first->step();
  first->save(dir + "/ten.ckpt");
  auto resumed = std::make_unique<Trainer>(train::load_preset("dcgan"), data::random_images(256, 28, 28, 1));
  resumed->load(dir + "/ten.ckpt");
  EXPECT_EQ(resumed->steps(), 10);
  // A trainer without data (`ganscope sample`) builds D on G's 1 x 28 x 28 output and loads it.
  Trainer sampler(train::load_preset("dcgan"), nullptr);
  sampler.load(dir + "/ten.ckpt");
  EXPECT_EQ(sampler.generate(4, 2), resumed->generate(4, 2));
  auto y = first->generate(4, 3);
  EXPECT_EQ(sampler.discriminate(y.data(), 4), first->discriminate(y.data(), 4));
  for (int i = 0; i < 10; ++i) resumed->step();
  expect_same_rows(straight->history().rows(), resumed->history().rows());
  EXPECT_EQ(straight->generate(8, 9), resumed->generate(8, 9));
  auto x = straight->generate(8, 10);
  EXPECT_EQ(straight->discriminate(x.data(), 8), resumed->discriminate(x.data(), 8));
  std::filesystem::remove_all(dir);
}

// Real Fashion-MNIST: after a few hundred steps the samples' mean image looks like the data's
// (clothing shapes on black), which G at its start (uniform grey noise) does not.
TEST(DcganLearning, MeanSampleMovesTowardFashionMnistMeanImage) {
  if (!std::filesystem::is_directory(train::fashion_mnist_dir()))
    GTEST_SKIP() << "needs Debian's dataset-fashion-mnist";
  nn::set_compute_threads(1);
  auto t = Trainer::open(train::load_preset("dcgan"));
  const int n = 2000;
  std::vector<int> idx(n);
  for (int i = 0; i < n; ++i) idx[std::size_t(i)] = i * 29;
  std::vector<float> real(std::size_t(n) * 784);
  t->dataset()->gather(idx.data(), n, real.data());
  auto mean_image = [](const std::vector<float>& v) {
    std::vector<double> m(784, 0.0);
    for (std::size_t i = 0; i < v.size(); ++i) m[i % 784] += v[i];
    for (auto& x : m) x /= double(v.size() / 784);
    return m;
  };
  auto distance = [](const std::vector<double>& a, const std::vector<double>& b) {
    double d = 0;
    for (std::size_t i = 0; i < a.size(); ++i) d += std::abs(a[i] - b[i]);
    return d / double(a.size());
  };
  const auto m_real = mean_image(real);
  const double before = distance(mean_image(t->generate(500, 3)), m_real);
  const int kSteps = 80;  // about 20 s at 1 thread
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kSteps; ++i) t->step();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double after = distance(mean_image(t->generate(500, 3)), m_real);
  EXPECT_LT(after, 0.5 * before) << "before " << before << ", after " << after;
  EXPECT_FALSE(t->diverged()) << t->divergence();
  std::printf("dcgan learning: %d steps in %.1f s at 1 thread; mean-image L1 %.3f -> %.3f\n", kSteps,
              secs, before, after);
}

// Spectral norm (u, v are buffers) and Dropout (its random state is a checkpoint section) in
// a small conv D: 5 + 5 steps through a checkpoint equal 10 straight, bit for bit.
TEST(Dcgan, SpectralNormAndDropoutResumeBitExactly) {
  const std::string json = R"({
    "data": "random", "batch": 16, "latent_dim": 8,
    "generator": [{"type": "linear", "units": 64}, {"type": "dropout", "p": 0.2},
                  {"type": "tanh"}],
    "discriminator": [
      {"type": "conv", "out_channels": 4, "kernel": 3, "padding": 1, "spectral_norm": true},
      {"type": "leaky_relu"}, {"type": "dropout", "p": 0.3}, {"type": "flatten"},
      {"type": "batch_norm"}, {"type": "maxout", "pieces": 2},
      {"type": "linear", "units": 1, "spectral_norm": true}]})";
  const Config c = train::parse_config(json, "small.json");
  auto make = [&] { return std::make_unique<Trainer>(c, data::random_images(128, 8, 8, 2)); };
  auto straight = make();
  for (int i = 0; i < 10; ++i) straight->step();
  auto first = make();
  for (int i = 0; i < 5; ++i) first->step();
  const std::string bytes = first->serialize(true);
  auto resumed = make();
  resumed->step();  // disturb its state: deserialize must restore all of it
  resumed->deserialize(bytes, "memory");
  for (int i = 0; i < 5; ++i) resumed->step();
  expect_same_rows(straight->history().rows(), resumed->history().rows());
  EXPECT_EQ(straight->generate(4, 1), resumed->generate(4, 1));
  // reset() draws new weights, u, v and dropout states from the new seed: a fresh run.
  straight->reset();
  straight->step();
  EXPECT_TRUE(std::isfinite(straight->last().loss_d));
}

TEST(Dcgan, LayerSummariesGiveShapesAndPyTorchsParameterCounts) {
  auto t = dcgan_on_random_images();
  const auto layers = t->layer_summaries();
  std::size_t g = 0, d = 0;
  std::vector<std::string> g_shapes, d_shapes;
  for (const auto& l : layers) {
    (l.network == "G" ? g : d) += l.params;
    (l.network == "G" ? g_shapes : d_shapes).push_back(l.output);
  }
  // torch: sum(p.numel() for p in G.parameters()) for the same modules
  EXPECT_EQ(g, 766017u);
  EXPECT_EQ(d, 138817u);
  EXPECT_EQ(g_shapes, (std::vector<std::string>{"100", "6272", "128x7x7", "128x7x7", "128x7x7",
                                                "64x14x14", "64x14x14", "64x14x14", "1x28x28",
                                                "1x28x28"}));
  EXPECT_EQ(d_shapes, (std::vector<std::string>{"1x28x28", "64x14x14", "64x14x14", "128x7x7",
                                                "128x7x7", "128x7x7", "6272", "1"}));
  EXPECT_EQ(layers.front().layer, "z");
  EXPECT_EQ(layers[10].layer, "x");
}
