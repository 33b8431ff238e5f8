// Table-driven finite-difference checks of every layer's backward, in double.
//
// For random x and a random upstream weight r, L = sum(r .* f(x)), so dL/dy = r. The
// analytic dx and parameter gradients must match central differences
// (L(v + h) - L(v - h)) / 2h to within tol.
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "nn/activations.h"
#include "nn/linear.h"
#include "nn/rng.h"
#include "nn/sequential.h"
#include "nn/nn_test_support.h"

using namespace ganscope::nn;
using namespace ganscope::nn::test_support;

namespace {

struct Case {
  std::string name;
  std::function<std::unique_ptr<Layer<double>>()> make;
  int in;
  double min_abs_input;  // keep inputs away from kinks (LeakyReLU at 0 has no derivative)
};

// Test names and failure messages show the layer's name, not the struct's bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class GradientCheck : public ::testing::TestWithParam<Case> {};

TEST_P(GradientCheck, BackwardMatchesFiniteDifferences) {
  const Case& c = GetParam();
  Rng rng(42);
  auto layer = c.make();
  for (auto& p : layer->params()) *p.value = random(int(p.value->rows()), int(p.value->cols()), rng);
  const int B = 5, out = layer->out_features(c.in);
  MatD x = random(c.in, B, rng, c.min_abs_input), r = random(out, B, rng), y, dx;
  layer->forward(x, y);
  layer->backward(x, y, r, &dx, true);
  const double h = 1e-6, tol = 1e-6;

  double err = max_rel_error(dx, numeric_input_gradient(*layer, x, r, h));
  EXPECT_LT(err, tol) << c.name << " dx";

  for (auto& p : layer->params()) {
    const MatD analytic = *p.grad, numeric = numeric_param_gradient(*layer, *p.value, x, r, h);
    EXPECT_LT(max_rel_error(analytic, numeric), tol) << c.name << " " << p.name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Layers, GradientCheck,
    ::testing::Values(
        Case{"Linear", [] { return std::make_unique<Linear<double>>(7, 4); }, 7, 0},
        Case{"LeakyReLU", [] { return std::make_unique<LeakyReLU<double>>(0.2); }, 6, 1e-3},
        Case{"ReLU", [] { return std::make_unique<LeakyReLU<double>>(0.0); }, 6, 1e-3},
        Case{"Tanh", [] { return std::make_unique<Tanh<double>>(); }, 6, 0},
        Case{"Sigmoid", [] { return std::make_unique<Sigmoid<double>>(); }, 6, 0}),
    [](const auto& info) { return info.param.name; });

// A whole chain, through Sequential's bookkeeping of activations and gradients.
TEST(GradientCheck, SequentialChainMatchesFiniteDifferences) {
  Rng rng(7);
  Sequential<double> net;
  net.set_input_features(5);
  net.add(std::make_unique<Linear<double>>(5, 8));
  net.add(std::make_unique<LeakyReLU<double>>(0.2));
  net.add(std::make_unique<Linear<double>>(8, 3));
  net.add(std::make_unique<Tanh<double>>());
  for (auto& p : net.params()) *p.value = random(int(p.value->rows()), int(p.value->cols()), rng);
  MatD x = random(5, 4, rng), r = random(3, 4, rng), dx;
  net.forward(x);
  net.backward(r, &dx, true);
  auto L = [&](const MatD& in) { return (net.forward(in).array() * r.array()).sum(); };
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    MatD xp = x, xm = x;
    xp.data()[i] += h;
    xm.data()[i] -= h;
    double numeric = (L(xp) - L(xm)) / (2 * h);
    EXPECT_NEAR(dx.data()[i], numeric, 1e-6 * std::max(1.0, std::abs(numeric)));
  }
}

// Skipping parameter gradients must not change dx, and must leave the old gradients alone.
TEST(LinearBackward, ParamGradsCanBeSkipped) {
  Rng rng(3);
  Linear<double> layer(4, 3);
  layer.weight() = random(3, 4, rng);
  MatD x = random(4, 2, rng), r = random(3, 2, rng), y, dx1, dx2;
  layer.forward(x, y);
  layer.backward(x, y, r, &dx1, true);
  MatD grad_before = *layer.params()[0].grad;
  layer.backward(x, y, 2 * r, &dx2, false);
  EXPECT_TRUE(dx2.isApprox(2 * dx1));
  EXPECT_TRUE(layer.params()[0].grad->isApprox(grad_before));
}

}  // namespace
