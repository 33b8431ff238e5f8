// The second derivatives that gradient penalties use (layer.h, "Second derivatives"), checked
// by finite differences in double:
//   - each layer's tangent_forward against the central difference of forward along xt;
//   - a whole network's add_tangent_param_grads(v, w) against the central difference, in each
//     parameter, of f(theta) = sum(w .* yt(theta)), yt computed exactly by the tangent chain.
// The networks mix smooth layers (Tanh, Sigmoid: curvature, so the primal chain's adjoints
// are not zero) with piecewise-linear ones, a convolution, a frozen Dropout mask and a frozen
// SpectralNorm, as the layer gradient checks do.
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "nn/activations.h"
#include "nn/batch_norm.h"
#include "nn/class_projection.h"
#include "nn/conv2d.h"
#include "nn/dropout.h"
#include "nn/layer_norm.h"
#include "nn/linear.h"
#include "nn/nn_test_support.h"
#include "nn/reshape.h"
#include "nn/sequential.h"
#include "nn/spectral_norm.h"

using namespace ganscope::nn;
using namespace ganscope::nn::test_support;

namespace {

using Net = Sequential<double>;

// Every parameter N(0, 0.5^2) (small enough that Tanh and Sigmoid stay off their flat tails).
void randomise_params(Net& net, Rng& rng) {
  for (auto& p : net.params()) *p.value = 0.5 * random(p.value->rows(), p.value->cols(), rng);
}

// The output's tangent along v, by the layers' own forward and tangent_forward.
MatD output_tangent(Net& net, const MatD& x, const MatD& v) {
  MatD in = x, in_t = v, y, yt;
  for (std::size_t i = 0; i < net.size(); ++i) {
    net.layer(i).forward(in, y);
    net.layer(i).tangent_forward(in, y, in_t, yt);
    in = y;
    in_t = yt;
  }
  return in_t;
}

MatD output(Net& net, const MatD& x) { return net.forward(x); }

Net smooth_mlp() {
  Net net;
  net.set_input_features(3);
  net.add(std::make_unique<Linear<double>>(3, 5));
  net.add(std::make_unique<Tanh<double>>());
  net.add(std::make_unique<Linear<double>>(5, 4));
  net.add(std::make_unique<Sigmoid<double>>());
  net.add(std::make_unique<Linear<double>>(4, 1));
  return net;
}

// Conv2d(1->3, k3, s2, p1) over 6x6, LeakyReLU, a fixed Dropout mask, a frozen spectral norm.
Net conv_critic() {
  Net net;
  net.set_input_features(36);
  net.add(std::make_unique<Conv2d<double>>(1, 6, 6, 3, 3, 2, 1));
  net.add(std::make_unique<LeakyReLU<double>>(0.2));
  net.add(std::make_unique<Flatten<double>>(27));
  auto drop = std::make_unique<Dropout<double>>(0.3, 4);
  drop->set_mask_frozen(true);
  net.add(std::move(drop));
  net.add(std::make_unique<Tanh<double>>());
  auto sn = std::make_unique<SpectralNorm<double>>(std::make_unique<Linear<double>>(27, 1), 5);
  net.add(std::move(sn));
  return net;
}

// The WGAN-GP paper's critic normalises with LayerNorm: its curvature reaches the first
// Linear's gradients through xbar. After LeakyReLU no primal adjoint comes back (ybar is
// zero); after Tanh one does.
Net layer_norm_mlp(bool smooth) {
  Net net;
  net.set_input_features(3);
  net.add(std::make_unique<Linear<double>>(3, 6));
  net.add(std::make_unique<LayerNorm<double>>(std::vector<int>{6}));
  if (smooth) net.add(std::make_unique<Tanh<double>>());
  else net.add(std::make_unique<LeakyReLU<double>>(0.2));
  net.add(std::make_unique<Linear<double>>(6, 1));
  return net;
}

// Conv2d(1->3, k3, s2, p1) over 6x6, LayerNorm over the 3x3x3 image, LeakyReLU, Linear.
Net conv_layer_norm_critic() {
  Net net;
  net.set_input_features(36);
  net.add(std::make_unique<Conv2d<double>>(1, 6, 6, 3, 3, 2, 1));
  net.add(std::make_unique<LayerNorm<double>>(std::vector<int>{3, 3, 3}));
  net.add(std::make_unique<LeakyReLU<double>>(0.2));
  net.add(std::make_unique<Flatten<double>>(27));
  net.add(std::make_unique<Linear<double>>(27, 1));
  return net;
}

// A projection critic (nn/class_projection.h): a smooth trunk, a Linear to 1 + 3 + 3 outputs and
// the projection onto each sample's class (with class logits, which the output does not read), for the batch of 4 the tests use.
Net projection_critic() {
  Net net;
  net.set_input_features(3);
  net.add(std::make_unique<Linear<double>>(3, 5));
  net.add(std::make_unique<Tanh<double>>());
  net.add(std::make_unique<Linear<double>>(5, 7));
  auto head = std::make_unique<ClassProjection<double>>(3, /*class_logits=*/true);
  MatD onehot = MatD::Zero(3, 4);
  for (int i = 0; i < 4; ++i) onehot((i * 2) % 3, i) = 1;
  head->set_labels(onehot);
  net.add(std::move(head));
  return net;
}

void freeze(Net& net) {
  for (std::size_t i = 0; i < net.size(); ++i)
    if (auto* sn = dynamic_cast<SpectralNorm<double>*>(&net.layer(i))) {
      for (int k = 0; k < 50; ++k) sn->power_iteration();
      sn->set_power_iteration_frozen(true);
    }
}

struct NetCase {
  const char* name;
  std::function<Net()> make;
};

void PrintTo(const NetCase& c, std::ostream* os) { *os << c.name; }

class Tangents : public ::testing::TestWithParam<NetCase> {};

TEST_P(Tangents, ForwardModeMatchesTheDirectionalDerivative) {
  Rng rng(3);
  Net net = GetParam().make();
  randomise_params(net, rng);
  freeze(net);
  const int B = 4;
  MatD x = random(net.in_features(), B, rng, 0.05), v = random(net.in_features(), B, rng);
  output(net, x);  // draws the Dropout mask once, for this width
  const MatD yt = output_tangent(net, x, v);
  const double h = 1e-5;
  const MatD numeric = (output(net, x + h * v) - output(net, x - h * v)) / (2 * h);
  EXPECT_LT(max_rel_error(yt, numeric), 1e-6);
}

TEST_P(Tangents, ParameterGradientsOfTheTangentMatchFiniteDifferences) {
  Rng rng(5);
  Net net = GetParam().make();
  randomise_params(net, rng);
  freeze(net);
  const int B = 4;
  MatD x = random(net.in_features(), B, rng, 0.05), v = random(net.in_features(), B, rng);
  MatD w = random(net.out_features(), B, rng);
  const auto f = [&] { return (output_tangent(net, x, v).array() * w.array()).sum(); };

  for (auto& p : net.params()) p.grad->setZero();
  net.forward(x);
  net.add_tangent_param_grads(v, w);
  const double h = 1e-6;
  for (auto& p : net.params()) {
    MatD numeric(p.value->rows(), p.value->cols());
    for (Eigen::Index i = 0; i < p.value->size(); ++i) {
      double& theta = p.value->data()[i];
      const double keep = theta;
      theta = keep + h;
      const double up = f();
      theta = keep - h;
      const double down = f();
      theta = keep;
      numeric.data()[i] = (up - down) / (2 * h);
    }
    EXPECT_LT(max_rel_error(*p.grad, numeric), 1e-5) << p.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Networks, Tangents,
                         ::testing::Values(NetCase{"smooth_mlp", smooth_mlp},
                                           NetCase{"conv_critic", conv_critic},
                                           NetCase{"layer_norm_mlp", [] { return layer_norm_mlp(false); }},
                                           NetCase{"layer_norm_tanh_mlp", [] { return layer_norm_mlp(true); }},
                                           NetCase{"conv_layer_norm_critic", conv_layer_norm_critic},
                                           NetCase{"projection_critic", projection_critic}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Tangents, AddsToTheGradientsHeld) {
  Rng rng(7);
  Net net = smooth_mlp();
  randomise_params(net, rng);
  MatD x = random(3, 2, rng), v = random(3, 2, rng), w = random(1, 2, rng);
  for (auto& p : net.params()) p.grad->setZero();
  net.forward(x);
  net.add_tangent_param_grads(v, w);
  std::vector<MatD> once;
  for (auto& p : net.params()) once.push_back(*p.grad);
  net.add_tangent_param_grads(v, w);
  std::size_t k = 0;
  for (auto& p : net.params()) EXPECT_LT(max_rel_error(*p.grad, 2 * once[k++]), 1e-12) << p.name;
}

TEST(Tangents, ALayerWithoutSecondDerivativesIsNamed) {
  Net net;
  net.set_input_features(4);
  net.add(std::make_unique<Linear<double>>(4, 3));
  net.add(std::make_unique<BatchNorm<double>>(3));
  net.add(std::make_unique<Linear<double>>(3, 1));
  EXPECT_EQ(net.first_layer_without_tangent(), "BatchNorm1d(3)");
  Rng rng(1);
  MatD x = random(4, 2, rng);
  net.forward(x);
  try {
    net.add_tangent_param_grads(x, MatD::Ones(1, 2));
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("BatchNorm1d(3) has no second derivative"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(smooth_mlp().first_layer_without_tangent(), "");
}

}  // namespace
