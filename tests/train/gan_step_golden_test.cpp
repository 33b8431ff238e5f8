// One whole GAN step of the mlp and dcgan presets, and ten of mlp, against PyTorch 1.13 (issue 3): the same
// weights, real batch and latents on both sides (set by a formula, see gan_step() in
// tests/golden/make_fixtures.py, whose reference runs in float64), then one D and one G update
// with Adam through Trainer::step_on. Compared: the step's losses, D's outputs and gradient
// norms, and per parameter tensor its sum, its total move and 8 entries after the step.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>

#include "data/dataset.h"
#include "support/golden_reader.h"
#include "train/conditioning.h"
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

// Per tensor: [sum, sum |p|, sum |p - p_before|, 8 entries at sample_indices(), max |grad|];
// grad, when given, is the gradient of the tensor's update (what Adam's first step normalised
// away). Through a BatchNorm in D, float32's rounding of its mean subtraction leaves gradients
// ~1e-3 apart from float64's, so cases with one check the step's effect only.
void check_tensor(const std::string& label, const nn::MatF& after, const nn::MatF& before,
                  const nn::MatF* grad, const std::vector<float>& want, double lr) {
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
  if (grad) expect_close(label + " max|grad|", grad->cwiseAbs().maxCoeff(), want[11], want[11]);
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

// fixture: its file's stem; set: what the case changes in the preset's settings (the game and
// its penalties, as make_fixtures.py's gan_step arguments). steps > 1: step k on the formula's
// ids 7 + 10k and 9 + 10k, its metrics compared at every step and the tensors after the last.
void check_gan_step(const std::string& preset, const std::string& fixture = "",
                    const std::function<void(train::Hyper&)>& set = nullptr, int steps = 1) {
  const GoldenFile f = GoldenFile::read(std::string(GANSCOPE_SOURCE_DIR) + "/tests/golden/fixtures/" +
                                        (fixture.empty() ? "gan_step_" + preset : fixture) + ".bin");
  train::Config cfg = train::load_preset(preset);
  if (set) {
    set(cfg.hyper);
    cfg.hyper.d_steps = 1;
  }
  ASSERT_EQ(cfg.batch, f.integer("config", 0));
  ASSERT_EQ(cfg.latent_dim, f.integer("config", 1));
  // A conditional preset: ten classes, sample i of class (3 i + 1) mod 10 (make_fixtures.py's).
  const int classes = cfg.conditional ? 10 : 0;
  train::Trainer t(cfg, data::random_images(cfg.batch, 28, 28, 1, 1, classes));
  std::vector<int> labels;
  for (int i = 0; i < cfg.batch && classes; ++i) labels.push_back((3 * i + 1) % classes);
  nn::Sequential<float>& g = t.generator_net();
  nn::Sequential<float>& d = t.discriminator_net();
  set_by_formula(g, 0);
  set_by_formula(d, 100);
  std::vector<nn::MatF> g_before, d_before;
  for (auto& p : g.params()) g_before.push_back(*p.value);
  for (auto& p : d.params()) d_before.push_back(*p.value);

  nn::MatF mix(1, cfg.batch);  // WGAN-GP's eps per sample, as make_fixtures.py's
  for (int i = 0; i < cfg.batch; ++i) mix(0, i) = float(formula(std::size_t(i), 11, 0.53, 0.5, 0.5));
  // A row per step: 6 metrics, or 7 with the penalty (fixtures made since penalties exist).
  const std::vector<float>& all = f.at("metrics").data;
  ASSERT_EQ(all.size() % std::size_t(steps), 0u);
  const std::size_t width = all.size() / std::size_t(steps);
  ASSERT_TRUE(width == 6 || width == 7) << width;
  for (int k = 0; k < steps; ++k) {
    nn::MatF z = batch_by_formula(cfg.latent_dim, cfg.batch, 9 + 10 * k, 0.73, 1.5);
    if (classes) {
      z.conservativeResize(cfg.latent_dim + classes, Eigen::NoChange);
      train::set_onehot(z, cfg.latent_dim, classes, labels.data());
    }
    const train::MetricRow row =
        t.step_on(batch_by_formula(784, cfg.batch, 7 + 10 * k, 0.61, 0.9), z, &mix);
    const float* m = all.data() + width * std::size_t(k);
    const std::string at = steps == 1 ? "" : " " + std::to_string(k + 1);
    expect_close("loss_d" + at, row.loss_d, m[0], std::abs(m[0]));
    expect_close("loss_g" + at, row.loss_g, m[1], std::abs(m[1]));
    expect_close("D(x)" + at, row.d_real, m[2], std::abs(m[2]));
    expect_close("D(G(z))" + at, row.d_fake, m[3], std::abs(m[3]));
    expect_close("|grad D|" + at, row.grad_norm_d, m[4], std::abs(m[4]));
    expect_close("|grad G|" + at, row.grad_norm_g, m[5], std::abs(m[5]));
    if (width == 7 && m[6] != 0) expect_close("penalty" + at, row.penalty, m[6], std::abs(m[6]));
    else EXPECT_TRUE(std::isnan(row.penalty));
  }

  auto g_params = g.params(), d_params = d.params();
  bool d_has_batch_norm = false;
  for (const auto& layer : d.describe()) d_has_batch_norm |= layer.rfind("BatchNorm", 0) == 0;
  const auto grad_of = [&](const nn::Param<float>& p) { return d_has_batch_norm ? nullptr : p.grad; };
  for (std::size_t k = 0; k < g_params.size(); ++k)
    check_tensor("G" + std::to_string(k), *g_params[k].value, g_before[k], grad_of(g_params[k]),
                 f.at("G" + std::to_string(k)).data, cfg.hyper.lr_g);
  for (std::size_t k = 0; k < d_params.size(); ++k)
    check_tensor("D" + std::to_string(k), *d_params[k].value, d_before[k], grad_of(d_params[k]),
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
  EXPECT_FALSE(f.has("G.bn" + std::to_string(bn)) || f.has("D.bn" + std::to_string(bn)))
      << "PyTorch's networks have more BatchNorms";
  EXPECT_EQ(bn, preset == "dcgan" ? 3 : preset == "wgan_gp" ? 2 : 0);
}

}  // namespace

TEST(GanStepGolden, MlpMatchesPyTorch) { check_gan_step("mlp"); }

TEST(GanStepGolden, DcganMatchesPyTorch) { check_gan_step("dcgan"); }

// Gradient penalties, whose D gradients need second derivatives (gradient_penalty.h), against
// torch.autograd.grad(..., create_graph=True): one step each on the mlp critic and on
// wgan_gp's convolutional one (make_fixtures.py's penalty_step_* cases).
void wgan_gp(train::Hyper& h) {
  h.objective = &train::objective_from_string("wgan-gp");
  h.gp = 10;
  h.r1 = 0;
}
template <int kGamma>
void r1(train::Hyper& h) {
  h.objective = &train::objective_from_string("non-saturating");
  h.gp = 0;
  h.r1 = kGamma;
}

TEST(PenaltyStepGolden, WganGpOnTheMlpCriticMatchesPyTorch) {
  check_gan_step("mlp", "penalty_step_mlp_wgan_gp", wgan_gp);
}
TEST(PenaltyStepGolden, R1OnTheMlpCriticMatchesPyTorch) {
  check_gan_step("mlp", "penalty_step_mlp_r1", r1<20>);
}
TEST(PenaltyStepGolden, WganGpOnTheConvCriticMatchesPyTorch) {
  check_gan_step("wgan_gp", "penalty_step_conv_wgan_gp", wgan_gp);
}
TEST(PenaltyStepGolden, R1OnTheConvCriticMatchesPyTorch) {
  check_gan_step("wgan_gp", "penalty_step_conv_r1", r1<5>);
}

// Ten steps in a row: Adam's bias corrections past the first step, its moments carried from
// step to step, and G following D's updates, as PyTorch does them (issue 11, parity).
TEST(GanStepGolden, MlpTenStepsMatchPyTorch) { check_gan_step("mlp", "gan_steps_mlp", nullptr, 10); }

// A projection D with AC-GAN's class loss (cgan's layout: nn::ClassProjection, the class
// logits' cross-entropy in D's loss and in G's), two steps against PyTorch.
TEST(GanStepGolden, CganTwoStepsMatchPyTorch) { check_gan_step("cgan", "gan_steps_cgan", nullptr, 2); }

