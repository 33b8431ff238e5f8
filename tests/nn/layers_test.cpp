// Dropout, Maxout, Reshape/Flatten and SpectralNorm: the facts the gradient check cannot see.
#include <gtest/gtest.h>

#include "nn/class_projection.h"
#include "nn/conv2d.h"
#include "nn/dropout.h"
#include "nn/linear.h"
#include "nn/maxout.h"
#include "nn/nn_test_support.h"
#include "nn/reshape.h"
#include "nn/rng.h"
#include "nn/sequential.h"
#include "nn/spectral_norm.h"
#include "nn/training_mode.h"
#include "support/linalg_support.h"

using namespace ganscope::nn;
using namespace ganscope::nn::test_support;

namespace {

TEST(Dropout, DropsAboutPAndScalesTheRest) {
  Dropout<double> d(0.3, 11);
  MatD x = MatD::Ones(100, 100), y, dx;
  d.forward(x, y);
  const double kept = (y.array() != 0).cast<double>().mean();
  EXPECT_NEAR(kept, 0.7, 0.02);
  EXPECT_TRUE(((y.array() == 0) || (y.array() - 1 / 0.7).abs() < 1e-12).all());
  MatD dy = MatD::Constant(100, 100, 2.0);
  d.backward(x, y, dy, &dx, true);
  EXPECT_TRUE(dx.isApprox(2 * y));
}

TEST(Dropout, EvaluationIsTheIdentity) {
  Dropout<double> d(0.5);
  d.set_training(false);
  Rng rng(1);
  MatD x = random(10, 4, rng), y, dx;
  d.forward(x, y);
  EXPECT_EQ(y, x);
  d.backward(x, y, 3 * x, &dx, true);
  EXPECT_EQ(dx, 3 * x);
}

TEST(Dropout, RestoredRngStateRepeatsTheMasks) {
  Dropout<float> d(0.5, 7);
  MatF x = MatF::Ones(20, 8), y1, y2, y3;
  d.forward(x, y1);
  const std::string state = d.rng_state();
  d.forward(x, y2);
  EXPECT_NE(y1, y2);  // a new mask per call
  d.set_rng_state(state);
  d.forward(x, y3);
  EXPECT_EQ(y2, y3);
  Dropout<float> other(0.5, 99);
  other.set_rng_state(state);
  other.forward(x, y3);
  EXPECT_EQ(y2, y3);
  EXPECT_THROW(d.set_rng_state("not a state"), std::invalid_argument);
}

TEST(Maxout, TakesTheMaximumOfNeighbours) {
  Maxout<double> m(2);
  MatD x(6, 2), y, dx;
  x << 1, -1, 5, -2, 0, 3, -4, 9, 2, 2.5, 7, 1;
  m.forward(x, y);
  MatD want(3, 2);
  want << 5, -1, 0, 9, 7, 2.5;
  EXPECT_EQ(y, want);
  m.backward(x, y, MatD::Constant(3, 2, 1.0), &dx, true);
  MatD want_dx(6, 2);
  want_dx << 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0;
  EXPECT_EQ(dx, want_dx);
  EXPECT_THROW(m.out_features(5), std::invalid_argument);
  EXPECT_EQ(m.out_features(6), 3);
}

// out_i = x(0, i) + x(1 + y_i, i); the class logits (rows 3, 4) are not read, and get the
// gradient handed over for one backward only.
TEST(ClassProjection, AddsTheClassRowAndHandsTheClassGradientToOneBackward) {
  ClassProjection<double> head(2, /*class_logits=*/true);
  MatD onehot(2, 3);
  onehot << 1, 0, 1,
            0, 1, 0;
  head.set_labels(onehot);
  MatD x(5, 3), y;
  x << 1, 2, 3,
       10, 20, 30,
       100, 200, 300,
       7, 7, 7,
       9, 9, 9;
  head.forward(x, y);
  EXPECT_EQ(y, (MatD(1, 3) << 11, 202, 33).finished());
  MatD class_grad(2, 3);
  class_grad << 0.5, -1, 2,
                -0.5, 1, -2;
  head.set_class_logit_grad(class_grad);
  const MatD dy = (MatD(1, 3) << 1, 2, 3).finished();
  MatD dx;
  head.backward(x, y, dy, &dx, true);
  EXPECT_EQ(dx.row(0), dy);
  EXPECT_EQ(dx.middleRows(1, 2), (MatD(2, 3) << 1, 0, 3, 0, 2, 0).finished());
  EXPECT_EQ(dx.bottomRows(2), class_grad);
  head.backward(x, y, dy, &dx, true);
  EXPECT_TRUE(dx.bottomRows(2).isZero());
  // Labels for another width are a mistake, not a silent reuse.
  MatD wide = MatD::Zero(5, 4);
  EXPECT_THROW(head.forward(wide, y), std::logic_error);
  EXPECT_THROW(head.out_features(4), std::invalid_argument);
}

TEST(Reshape, ChecksTheCountAndKeepsTheData) {
  Reshape<float> r({256, 7, 7});
  EXPECT_EQ(r.out_features(12544), 12544);
  EXPECT_EQ(r.output_shape(), "256x7x7");
  try {
    r.out_features(100);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Reshape(256x7x7) expects 256x7x7 = 12544 inputs but gets 100");
  }
  Flatten<float> f(12);
  EXPECT_THROW(f.out_features(13), std::invalid_argument);
  MatF x = MatF::Random(12, 3), y;
  f.forward(x, y);
  EXPECT_EQ(y, x);
}

// Power iteration converges: sigma approaches W's largest singular value, and W_sn's is 1.
TEST(SpectralNorm, SigmaConvergesToTheLargestSingularValue) {
  Rng rng(5);
  auto conv = std::make_unique<Conv2d<double>>(3, 6, 6, 4, 3, 1, 1);
  conv->weight() = random(4, 27, rng);
  SpectralNorm<double> sn(std::move(conv), 3);
  const double top = ganscope::testing::largest_singular_value(sn.weight());
  MatD x = random(108, 2, rng), y;
  for (int i = 0; i < 100; ++i) sn.forward(x, y);
  EXPECT_NEAR(sn.sigma(), top, 1e-9 * top);
  auto& inner = dynamic_cast<Conv2d<double>&>(sn.inner());
  EXPECT_NEAR(ganscope::testing::largest_singular_value(inner.weight()), 1.0, 1e-9);
  // Evaluation mode leaves u and v alone.
  MatD u = sn.u();
  sn.weight() = random(4, 27, rng);
  sn.set_training(false);
  sn.forward(x, y);
  EXPECT_EQ(sn.u(), u);
  EXPECT_NEAR(sn.sigma(), (u.transpose() * sn.weight() * sn.v())(0), 1e-12);
}

TEST(SpectralNorm, ParamsBuffersAndClones) {
  SpectralNorm<double> sn(std::make_unique<Linear<double>>(5, 3), 1);
  auto p = sn.params();
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].value, &sn.weight());
  EXPECT_EQ(p[1].name, "bias");
  ASSERT_EQ(sn.buffers().size(), 2u);
  EXPECT_EQ(sn.buffers()[0]->rows(), 3);
  EXPECT_EQ(sn.buffers()[1]->rows(), 5);
  EXPECT_NEAR(sn.u().norm(), 1, 1e-12);
  EXPECT_EQ(sn.describe(), "SpectralNorm(Linear(5 -> 3))");
  EXPECT_THROW(SpectralNorm<double>(std::make_unique<Maxout<double>>(2)), std::invalid_argument);

  // A clone runs on its own copy of the wrapped layer.
  Rng rng(2);
  sn.weight() = random(3, 5, rng);
  auto copy = sn.clone();
  MatD x = random(5, 2, rng), y1, y2;
  sn.forward(x, y1);
  copy->forward(x, y2);
  EXPECT_TRUE(y1.isApprox(y2, 1e-14));
  sn.weight() *= 2;
  sn.forward(x, y1);
  copy->forward(x, y2);
  EXPECT_TRUE(y1.isApprox(y2, 1e-6));  // W / sigma(W) is scale-free...
  *copy->params()[1].value = MatD::Ones(3, 1);
  copy->forward(x, y2);
  EXPECT_FALSE(y1.isApprox(y2, 1e-3));  // ...but the clone's bias is its own
}

TEST(TrainingMode, ReachesEveryLayer) {
  Sequential<double> net;
  net.set_input_features(4);
  net.add(std::make_unique<Dropout<double>>(0.5));
  net.add(std::make_unique<Dropout<double>>(0.5));
  set_training(net, false);
  MatD x = MatD::Ones(4, 3);
  EXPECT_EQ(net.forward(x), x);
}

}  // namespace
