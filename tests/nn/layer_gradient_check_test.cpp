// The DCGAN layers' finite-difference checks, in double: the same method as
// gradient_check_test.cpp (L = sum(r .* f(x)), central differences of L against the analytic
// dx and parameter gradients), with a per-case batch size, tolerance and a prepare step that
// puts the layer in the mode under test after its parameters are drawn.
//
// Declared exceptions: Maxout at ties (random inputs have none), Dropout only with a fixed
// mask (a frozen mask; a fresh mask per call is not a function of x), SpectralNorm only with
// its power iteration frozen (u and v constants: PyTorch's backward treats them so too).
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "nn/batch_norm.h"
#include "nn/class_projection.h"
#include "nn/conv2d.h"
#include "nn/conv_transpose2d.h"
#include "nn/dropout.h"
#include "nn/layer_norm.h"
#include "nn/linear.h"
#include "nn/maxout.h"
#include "nn/reshape.h"
#include "nn/rng.h"
#include "nn/spectral_norm.h"
#include "nn/nn_test_support.h"

using namespace ganscope::nn;
using namespace ganscope::nn::test_support;

namespace {

struct LayerCase {
  std::string name;
  std::function<std::unique_ptr<Layer<double>>()> make;
  int in;
  std::function<void(Layer<double>&, Rng&)> prepare = nullptr;  // after parameters are drawn
  int batch = 6;
  double tol = 1e-6;
  double h = 1e-6;  // finite-difference step
};

void PrintTo(const LayerCase& c, std::ostream* os) { *os << c.name; }

class LayerGradientCheck : public ::testing::TestWithParam<LayerCase> {};

TEST_P(LayerGradientCheck, BackwardMatchesFiniteDifferences) {
  const LayerCase& c = GetParam();
  Rng rng(42);
  auto layer = c.make();
  for (auto& p : layer->params()) *p.value = random(p.value->rows(), p.value->cols(), rng);
  if (c.prepare) c.prepare(*layer, rng);
  const int out = layer->out_features(c.in);
  MatD x = random(c.in, c.batch, rng), r = random(out, c.batch, rng), y, dx;
  layer->forward(x, y);
  ASSERT_EQ(y.rows(), out);
  layer->backward(x, y, r, &dx, true);
  const double h = c.h;

  double err = max_rel_error(dx, numeric_input_gradient(*layer, x, r, h));
  EXPECT_LT(err, c.tol) << c.name << " dx";
  std::printf("  %-22s dx  %.2e\n", c.name.c_str(), err);

  for (auto& p : layer->params()) {
    const MatD analytic = *p.grad, numeric = numeric_param_gradient(*layer, *p.value, x, r, h);
    double perr = max_rel_error(analytic, numeric);
    EXPECT_LT(perr, c.tol) << c.name << " " << p.name;
    std::printf("  %-22s %-6s %.2e\n", c.name.c_str(), p.name.c_str(), perr);
  }
}

template <typename L, typename... Args>
std::function<std::unique_ptr<Layer<double>>()> make(Args... args) {
  return [=] { return std::make_unique<L>(args...); };
}

std::function<std::unique_ptr<Layer<double>>()> batch_norm(int c, int h, int w, int groups,
                                                           bool training) {
  return [=] {
    auto bn = h == 0 ? std::make_unique<BatchNorm<double>>(c)
                     : std::make_unique<BatchNorm<double>>(c, h, w);
    bn->set_batch_groups(groups);
    bn->set_training(training);
    return bn;
  };
}

// Running statistics away from 0 and 1, so evaluation mode is not the identity's neighbour.
void random_running_stats(Layer<double>& layer, Rng& rng) {
  auto& bn = dynamic_cast<BatchNorm<double>&>(layer);
  bn.running_mean() = random(bn.channels(), 1, rng);
  bn.running_var() = random(bn.channels(), 1, rng).array().square() + 0.5;
}

std::function<std::unique_ptr<Layer<double>>()> frozen_dropout(double p) {
  return [=] {
    auto d = std::make_unique<Dropout<double>>(p, 9);
    d->set_mask_frozen(true);
    return d;
  };
}

// Converged u and v (so sigma is W's top singular value, not a random projection), then frozen.
void converge_and_freeze(Layer<double>& layer, Rng&) {
  auto& sn = dynamic_cast<SpectralNorm<double>&>(layer);
  for (int i = 0; i < 50; ++i) sn.power_iteration();
  sn.set_power_iteration_frozen(true);
}

std::function<std::unique_ptr<Layer<double>>()> spectral_linear(int in, int out) {
  return [=] {
    return std::make_unique<SpectralNorm<double>>(std::make_unique<Linear<double>>(in, out), 5);
  };
}

std::function<std::unique_ptr<Layer<double>>()> spectral_conv() {
  return [] {
    return std::make_unique<SpectralNorm<double>>(
        std::make_unique<Conv2d<double>>(2, 6, 6, 3, 4, 2, 1), 5);
  };
}

// Labels for the default batch of 6: classes 0, 1, 2, 0, 1, 2 of three.
void three_labels(Layer<double>& layer, Rng&) {
  MatD onehot = MatD::Zero(3, 6);
  for (int i = 0; i < 6; ++i) onehot(i % 3, i) = 1;
  dynamic_cast<ClassProjection<double>&>(layer).set_labels(onehot);
}

// A case with its own finite-difference step. Convolutions are linear in x and in W, so
// central differences are exact but for rounding, which a larger step shrinks; for BatchNorm a
// step of 1e-4 balances rounding (some of its dx are near 0: they sum to 0 per channel)
// against the O(h^2) truncation error, and so for SpectralNorm (nonlinear in W only).
LayerCase with_step(double h, LayerCase c) {
  c.h = h;
  return c;
}

LayerCase conv_case(std::string name, std::function<std::unique_ptr<Layer<double>>()> maker,
                    int in) {
  return with_step(1e-3, LayerCase{std::move(name), std::move(maker), in});
}

INSTANTIATE_TEST_SUITE_P(
    DcganLayers, LayerGradientCheck,
    ::testing::Values(
        // Conv2d(in_c, in_h, in_w, out_c, k, stride, pad)
        conv_case("Conv2d_k3s1p1", make<Conv2d<double>>(2, 5, 5, 3, 3, 1, 1), 2 * 25),
        conv_case("Conv2d_k4s2p1", make<Conv2d<double>>(2, 6, 6, 3, 4, 2, 1), 2 * 36),
        conv_case("Conv2d_k3s2p0_7x6", make<Conv2d<double>>(3, 7, 6, 2, 3, 2, 0), 3 * 42),
        conv_case("Conv2d_k1", make<Conv2d<double>>(2, 4, 4, 2, 1, 1, 0), 2 * 16),
        conv_case("Conv2d_k5p3_4x5", make<Conv2d<double>>(1, 4, 5, 2, 5, 1, 3), 20),
        // ConvTranspose2d(in_c, in_h, in_w, out_c, k, stride, pad)
        conv_case("ConvT_k4s2p1", make<ConvTranspose2d<double>>(3, 3, 3, 2, 4, 2, 1), 3 * 9),
        conv_case("ConvT_k3s1p0_4x3", make<ConvTranspose2d<double>>(2, 4, 3, 3, 3, 1, 0), 2 * 12),
        conv_case("ConvT_k3s2p1_3x4", make<ConvTranspose2d<double>>(2, 3, 4, 2, 3, 2, 1), 2 * 12),
        conv_case("ConvT_k4s1p0_1x1", make<ConvTranspose2d<double>>(4, 1, 1, 2, 4, 1, 0), 4),
        with_step(1e-4, LayerCase{"BatchNorm1d", batch_norm(5, 0, 0, 1, true), 5}),
        with_step(1e-4, LayerCase{"BatchNorm1d_groups2", batch_norm(5, 0, 0, 2, true), 5}),
        with_step(1e-4, LayerCase{"BatchNorm1d_eval", batch_norm(5, 0, 0, 1, false), 5,
                                  random_running_stats}),
        with_step(1e-4, LayerCase{"BatchNorm2d", batch_norm(3, 3, 2, 1, true), 18, nullptr, 4}),
        with_step(1e-4,
                  LayerCase{"BatchNorm2d_groups2", batch_norm(3, 3, 2, 2, true), 18, nullptr, 4}),
        with_step(1e-4, LayerCase{"BatchNorm2d_eval", batch_norm(3, 3, 2, 1, false), 18,
                                  random_running_stats, 4}),
        // LayerNorm: nonlinear in x (a per-sample mean and variance), so the step of BatchNorm.
        with_step(1e-4, LayerCase{"LayerNorm_flat", make<LayerNorm<double>>(std::vector<int>{7}), 7}),
        with_step(1e-4, LayerCase{"LayerNorm_image",
                                  make<LayerNorm<double>>(std::vector<int>{2, 3, 3}), 18, nullptr, 4}),
        LayerCase{"Reshape", make<Reshape<double>>(std::vector<int>{2, 3, 2}), 12},
        LayerCase{"Flatten", make<Flatten<double>>(12), 12},
        LayerCase{"Dropout_fixed_mask", frozen_dropout(0.4), 10},
        LayerCase{"Maxout3", make<Maxout<double>>(3), 12},
        LayerCase{"ClassProjection3", make<ClassProjection<double>>(3, false), 4, three_labels},
        LayerCase{"ClassProjection3_class_logits", make<ClassProjection<double>>(3, true), 7, three_labels},
        with_step(1e-4,
                  LayerCase{"SpectralNorm_Linear", spectral_linear(6, 4), 6, converge_and_freeze}),
        with_step(1e-4,
                  LayerCase{"SpectralNorm_Conv2d", spectral_conv(), 2 * 36, converge_and_freeze})),
    [](const auto& info) { return info.param.name; });

}  // namespace

namespace {

// Accumulation (D's update sums its real and its fake pass): with the flag on, backward adds
// exactly what it would have written, for every layer kind with parameters. Two copies of the
// layer see the same forward calls, so state that forward changes (spectral norm's power
// iteration, dropout's mask) evolves alike in both.
TEST_P(LayerGradientCheck, AccumulatedGradientsAreTheSumOfThePasses) {
  const LayerCase& c = GetParam();
  Rng rng(7);
  auto summed = c.make();
  for (auto& p : summed->params()) *p.value = random(p.value->rows(), p.value->cols(), rng);
  if (c.prepare) c.prepare(*summed, rng);
  auto apart = summed->clone();
  if (summed->params().empty()) GTEST_SKIP() << "no parameters";
  const int out = summed->out_features(c.in);
  const MatD x1 = random(c.in, c.batch, rng), x2 = random(c.in, c.batch, rng);
  const MatD d1 = random(out, c.batch, rng), d2 = random(out, c.batch, rng);
  MatD y, dx;
  summed->forward(x1, y);
  summed->backward(x1, y, d1, &dx, true);
  summed->forward(x2, y);
  summed->set_accumulate_grads(true);
  summed->backward(x2, y, d2, &dx, true);

  apart->forward(x1, y);
  apart->backward(x1, y, d1, &dx, true);
  std::vector<MatD> first;
  for (auto& p : apart->params()) first.push_back(*p.grad);
  apart->forward(x2, y);
  apart->backward(x2, y, d2, &dx, true);
  auto ps = summed->params(), pa = apart->params();
  ASSERT_EQ(ps.size(), pa.size());
  for (std::size_t k = 0; k < ps.size(); ++k) {
    const MatD want = first[k] + *pa[k].grad;
    EXPECT_LT((*ps[k].grad - want).cwiseAbs().maxCoeff(), 1e-12 * (1 + want.cwiseAbs().maxCoeff()))
        << c.name << " parameter " << k;
  }
}

}  // namespace
