// One whole GAN step of the mlp and dcgan presets, and ten of mlp, against PyTorch 1.13 (issue 3): the same
// weights, real batch and latents on both sides (set by a formula, see gan_step() in
// tests/golden/make_fixtures.py, whose reference runs in float64), then one D and one G update
// with Adam through Trainer::step_on. Compared: the step's losses, D's outputs and gradient
// norms, and per parameter tensor its sum, its total move and 8 entries after the step.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "data/dataset.h"
#include "support/golden_reader.h"
#include "train/trainer.h"

using namespace ganscope;
using ganscope::testing::GoldenFile;

namespace {

constexpr double kTolerance = 1e-4;

// offset + scale * sin(freq * (i + 1) + 1.1 * (tensor_id + 1)), as make_fixtures.py's formula().
double formula(std::size_t i, int tensor_id, double freq, double scale, double offset = 0) {
  return offset + scale * std::sin(freq * double(i + 1) + 1.1 * (tensor_id + 1));
}

// Every parameter as make_fixtures.py's set_by_formula: entry (r, c) of a (rows, cols) matrix is
// PyTorch's row-major element r * cols + c.
void set_by_formula(nn::Sequential<float>& net, int first_id) {
  auto params = net.params();
  for (std::size_t k = 0; k < params.size(); ++k) {
    nn::MatF& m = *params[k].value;
    const Eigen::Index rows = m.rows(), cols = m.cols();
    const bool vector = cols == 1;
    const bool bn_scale = vector && params[k].name.size() >= 6 &&
                          params[k].name.compare(params[k].name.size() - 6, 6, "weight") == 0;
    for (Eigen::Index r = 0; r < rows; ++r)
      for (Eigen::Index c = 0; c < cols; ++c) {
        const std::size_t i = std::size_t(r * cols + c);
        m(r, c) = float(vector ? formula(i, first_id + int(k), 0.37, 0.1, bn_scale ? 1.0 : 0.0)
                               : formula(i, first_id + int(k), 0.37, 1.0 / std::sqrt(double(cols))));
      }
  }
}

nn::MatF batch_by_formula(Eigen::Index features, int batch, int id, double freq, double scale) {
  nn::MatF m(features, batch);  // column b is sample b: PyTorch's (B, features) row-major
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = float(formula(std::size_t(i), id, freq, scale));
  return m;
}

void expect_close(const std::string& label, double got, double want, double scale) {
  const double rel = std::abs(got - want) / std::max(1e-12, scale);
  std::printf("  %-22s got % .8e want % .8e  relative %.1e\n", label.c_str(), got, want, rel);
  EXPECT_LT(rel, kTolerance) << label;
}

// Per tensor: [sum, sum |p|, sum |p - p_before|, 8 entries at sample_indices(), max |grad|].
void check_tensor(const std::string& label, const nn::MatF& after, const nn::MatF& before,
                  const std::vector<float>& want, double lr) {
  ASSERT_EQ(want.size(), 12u) << label;
  const Eigen::Index rows = after.rows(), cols = after.cols(), n = after.size();
  auto torch_at = [&](const nn::MatF& m, Eigen::Index j) { return m(j / cols, j % cols); };
  double sum = 0, abs_sum = 0, moved = 0;
  for (Eigen::Index j = 0; j < n; ++j) {
    sum += torch_at(after, j);
    abs_sum += std::abs(torch_at(after, j));
    moved += std::abs(double(torch_at(after, j)) - torch_at(before, j));
  }
  (void)rows;
  if (want[11] < 1e-12) {
    // A bias just before a BatchNorm: its gradient is 0 up to rounding, so Adam's first step
    // moves each entry by up to lr in a direction set by rounding noise, differently in
    // float32 and float64. What can be checked: no entry moved more than lr.
    double largest = 0;
    for (Eigen::Index j = 0; j < n; ++j)
      largest = std::max(largest, std::abs(double(torch_at(after, j)) - torch_at(before, j)));
    std::printf("  %-22s gradient 0 (before a BatchNorm); largest move %.2e <= lr %.0e\n",
                label.c_str(), largest, lr);
    EXPECT_LE(largest, lr * 1.001) << label;
    return;
  }
  // The sum may cancel to near 0: it is judged against the sum of magnitudes.
  expect_close(label + " sum", sum, want[0], want[1]);
  expect_close(label + " sum|p|", abs_sum, want[1], want[1]);
  // Adam's first step moves each entry by about lr; an entry whose gradient is within float
  // rounding of 0 may move the other way, so the total move gets 10x the tolerance.
  const double rel_moved = std::abs(moved - want[2]) / want[2];
  std::printf("  %-22s got % .8e want % .8e  relative %.1e\n", (label + " moved").c_str(), moved,
              double(want[2]), rel_moved);
  EXPECT_LT(rel_moved, 10 * kTolerance) << label;
  for (int s = 0; s < 8; ++s) {
    const Eigen::Index j = Eigen::Index(double(s) * double(n - 1) / 7.0);
    const double got = torch_at(after, j);
    EXPECT_NEAR(got, want[std::size_t(3 + s)], kTolerance * std::max(1e-2, std::abs(double(want[std::size_t(3 + s)]))))
        << label << " entry " << j;
  }
}

// steps > 1: the fixture gan_steps_<preset> of that many steps, step k on the formula's ids
// 7 + 10k and 9 + 10k, its metrics compared at every step and the tensors after the last.
void check_gan_step(const std::string& preset, int steps = 1) {
  const GoldenFile f = GoldenFile::read(std::string(GANSCOPE_SOURCE_DIR) + "/tests/golden/fixtures/" +
                                        (steps == 1 ? "gan_step_" : "gan_steps_") + preset + ".bin");
  train::Config cfg = train::load_preset(preset);
  ASSERT_EQ(cfg.batch, f.integer("config", 0));
  ASSERT_EQ(cfg.latent_dim, f.integer("config", 1));
  train::Trainer t(cfg, data::random_images(cfg.batch, 28, 28, 1));
  nn::Sequential<float>& g = t.generator_net();
  nn::Sequential<float>& d = t.discriminator_net();
  set_by_formula(g, 0);
  set_by_formula(d, 100);
  std::vector<nn::MatF> g_before, d_before;
  for (auto& p : g.params()) g_before.push_back(*p.value);
  for (auto& p : d.params()) d_before.push_back(*p.value);

  ASSERT_EQ(f.at("metrics").data.size(), 6u * std::size_t(steps));
  for (int k = 0; k < steps; ++k) {
    const train::MetricRow row =
        t.step_on(batch_by_formula(784, cfg.batch, 7 + 10 * k, 0.61, 0.9),
                  batch_by_formula(cfg.latent_dim, cfg.batch, 9 + 10 * k, 0.73, 1.5));
    const float* m = f.at("metrics").data.data() + 6 * k;
    const std::string at = steps == 1 ? "" : " " + std::to_string(k + 1);
    expect_close("loss_d" + at, row.loss_d, m[0], std::abs(m[0]));
    expect_close("loss_g" + at, row.loss_g, m[1], std::abs(m[1]));
    expect_close("D(x)" + at, row.d_real, m[2], std::abs(m[2]));
    expect_close("D(G(z))" + at, row.d_fake, m[3], std::abs(m[3]));
    expect_close("|grad D|" + at, row.grad_norm_d, m[4], std::abs(m[4]));
    expect_close("|grad G|" + at, row.grad_norm_g, m[5], std::abs(m[5]));
  }

  auto g_params = g.params(), d_params = d.params();
  for (std::size_t k = 0; k < g_params.size(); ++k)
    check_tensor("G" + std::to_string(k), *g_params[k].value, g_before[k],
                 f.at("G" + std::to_string(k)).data, cfg.hyper.lr_g);
  for (std::size_t k = 0; k < d_params.size(); ++k)
    check_tensor("D" + std::to_string(k), *d_params[k].value, d_before[k],
                 f.at("D" + std::to_string(k)).data, cfg.hyper.lr_d);
  EXPECT_FALSE(f.has("G" + std::to_string(g_params.size()))) << "PyTorch's G has more tensors";
  EXPECT_FALSE(f.has("D" + std::to_string(d_params.size()))) << "PyTorch's D has more tensors";

  // BatchNorm's running statistics: three updates of D's (real, fake, fake again in G's step).
  int bn = 0;
  for (auto* net : {&g, &d}) {
    const std::string name = net == &g ? "G" : "D";
    int k = 0;
    for (std::size_t i = 0; i < net->size(); ++i) {
      auto buffers = net->layer(i).buffers();
      if (buffers.size() != 2) continue;
      const std::vector<float>& want = f.at(name + ".bn" + std::to_string(k)).data;
      expect_close(name + ".bn" + std::to_string(k) + " mean", buffers[0]->sum(), want[0],
                   buffers[0]->cwiseAbs().sum());
      expect_close(name + ".bn" + std::to_string(k) + " var", buffers[1]->sum(), want[1], want[1]);
      ++k;
      ++bn;
    }
  }
  EXPECT_EQ(bn, preset == "dcgan" ? 3 : 0);
}

}  // namespace

TEST(GanStepGolden, MlpMatchesPyTorch) { check_gan_step("mlp"); }

TEST(GanStepGolden, DcganMatchesPyTorch) { check_gan_step("dcgan"); }

// Ten steps in a row: Adam's bias corrections past the first step, its moments carried from
// step to step, and G following D's updates, as PyTorch does them (issue 11, parity).
TEST(GanStepGolden, MlpTenStepsMatchPyTorch) { check_gan_step("mlp", 10); }
