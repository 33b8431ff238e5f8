#include <gtest/gtest.h>

#include <cmath>

#include "nn/losses.h"
#include "nn/nn_test_support.h"
#include "nn/rng.h"

using namespace ganscope::nn;
using namespace ganscope::nn::test_support;

namespace {

// The BCE games of the objective registry (gan_objective_test.cpp tests the others).
const GanObjective& bce = default_objective();
const GanObjective& ns_game = default_objective();
const GanObjective& mm_game = *find_objective("minimax");

TEST(Losses, DiscriminatorLossIsLog2WhenDCannotTell) {
  MatD s = MatD::Zero(1, 6);
  EXPECT_NEAR(discriminator_loss<double>(bce, s, 3, nullptr), std::log(2.0), 1e-12);
}

TEST(Losses, DiscriminatorLossMatchesDefinition) {
  MatD s = row_of({1.5, -0.3, 2.0, -1.0, 0.7});  // 2 real, 3 fake
  auto sig = [](double v) { return 1 / (1 + std::exp(-v)); };
  double real = -(std::log(sig(1.5)) + std::log(sig(-0.3))) / 2;
  double fake = -(std::log(1 - sig(2.0)) + std::log(1 - sig(-1.0)) + std::log(1 - sig(0.7))) / 3;
  MatD g;
  EXPECT_NEAR(discriminator_loss<double>(bce, s, 2, &g), 0.5 * (real + fake), 1e-12);
  expect_gradient(
      s, [](const MatD& v) { return discriminator_loss<double>(bce, v, 2, nullptr); }, g,
      "D's loss");
}

TEST(Losses, StableForHugeLogits) {
  MatD s = row_of({500, -500});  // a confident, correct D
  MatD g;
  double l = discriminator_loss<double>(bce, s, 1, &g);
  EXPECT_TRUE(std::isfinite(l));
  EXPECT_NEAR(l, 0.0, 1e-12);
  EXPECT_TRUE(g.allFinite());
  MatD wrong = row_of({-500, 500});
  EXPECT_NEAR(discriminator_loss<double>(bce, wrong, 1, nullptr), 500.0, 1e-9);
  EXPECT_NEAR(softplus(1000.0), 1000.0, 1e-9);
  EXPECT_NEAR(softplus(-1000.0), 0.0, 1e-12);
}

TEST(Losses, GeneratorLossesAndGradients) {
  MatD s = row_of({-2.0, 0.0, 3.0});
  auto sig = [](double v) { return 1 / (1 + std::exp(-v)); };
  MatD g;
  double ns = generator_loss<double>(ns_game, s, &g);
  EXPECT_NEAR(ns, -(std::log(sig(-2)) + std::log(sig(0)) + std::log(sig(3))) / 3, 1e-12);
  expect_gradient(
      s, [](const MatD& v) { return generator_loss<double>(ns_game, v, nullptr); }, g,
      "G's non-saturating loss");
  double mm = generator_loss<double>(mm_game, s, &g);
  EXPECT_NEAR(mm, (std::log(1 - sig(-2)) + std::log(1 - sig(0)) + std::log(1 - sig(3))) / 3, 1e-12);
  expect_gradient(
      s, [](const MatD& v) { return generator_loss<double>(mm_game, v, nullptr); }, g,
      "G's minimax loss");
}

// The point of the non-saturating loss: when D confidently rejects a fake (s very negative),
// the minimax gradient vanishes while the non-saturating one stays near -1/B.
TEST(Losses, MinimaxGradientVanishesWhenDRejectsFakes) {
  MatD s = row_of({-10.0});
  MatD g_ns, g_mm;
  generator_loss<double>(ns_game, s, &g_ns);
  generator_loss<double>(mm_game, s, &g_mm);
  EXPECT_LT(std::abs(g_mm(0, 0)), 1e-4);
  EXPECT_GT(std::abs(g_ns(0, 0)), 0.99);
}

TEST(Losses, BceWithLogitsMean) {
  MatD s = row_of({0.5, -1.5});
  MatD g;
  double l = bce_with_logits<double>(s, 1.0, &g);
  EXPECT_NEAR(l, (softplus(-0.5) + softplus(1.5)) / 2, 1e-12);
  expect_gradient(
      s, [](const MatD& v) { return bce_with_logits<double>(v, 1.0, nullptr); }, g,
      "BCE with logits");
}

// Uniform logits: each of K classes has probability 1/K, so the loss is log K whatever the
// labels. A column with a dominant correct logit costs almost nothing; the gradient matches
// central differences, and huge logits stay finite.
TEST(Losses, SoftmaxCrossEntropy) {
  const int labels[3] = {2, 0, 1};
  MatD flat = MatD::Constant(4, 3, 0.7);
  EXPECT_NEAR(softmax_cross_entropy<double>(flat, labels, nullptr), std::log(4.0), 1e-12);

  MatD s(4, 3);
  s << 0.3, 2.0, -1.0,  //
      -0.2, 0.1, 0.4,   //
      1.5, -0.7, 0.0,   //
      0.9, 0.2, -2.5;
  MatD g;
  const double l = softmax_cross_entropy<double>(s, labels, &g);
  double expect = 0;
  for (int j = 0; j < 3; ++j) expect += std::log(s.col(j).array().exp().sum()) - s(labels[j], j);
  EXPECT_NEAR(l, expect / 3, 1e-12);
  expect_gradient(
      s, [&](const MatD& v) { return softmax_cross_entropy<double>(v, labels, nullptr); }, g,
      "softmax cross-entropy");
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(g.col(j).sum(), 0.0, 1e-15);  // softmax sums to 1

  MatD huge = s * 1e4;
  EXPECT_TRUE(std::isfinite(softmax_cross_entropy<double>(huge, labels, &g)));
  EXPECT_TRUE(g.allFinite());
  const int bad[3] = {2, 4, 1};
  EXPECT_THROW(softmax_cross_entropy<double>(s, bad, nullptr), std::invalid_argument);
}

}  // namespace
