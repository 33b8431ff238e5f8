#include <gtest/gtest.h>

#include <cmath>

#include "nn/optim.h"
#include "support/golden_reader.h"

using namespace ganscope::nn;
using MatD = Mat<double>;

namespace {

// A reference Adam on scalars, written from the paper's update with PyTorch's epsilon placement.
struct ScalarAdam {
  double m = 0, v = 0;
  int t = 0;
  double step(double p, double g, double lr, double b1, double b2, double eps = 1e-8) {
    ++t;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    double mhat = m / (1 - std::pow(b1, t)), vhat_sqrt = std::sqrt(v) / std::sqrt(1 - std::pow(b2, t));
    return p - lr * mhat / (vhat_sqrt + eps);
  }
};

struct Fixture {
  MatD w = MatD::Constant(2, 1, 1.0), dw = MatD::Zero(2, 1);
  Optimizer<double> opt;
  explicit Fixture(OptimizerKind k) : opt(k, {Param<double>{&w, &dw, "w"}}) {}
};

TEST(Adam, MatchesReferenceAcrossALearningRateChange) {
  Fixture f(OptimizerKind::Adam);
  ScalarAdam ref0, ref1;
  double p0 = 1.0, p1 = 1.0;
  const double grads[4][2] = {{0.5, -2.0}, {0.1, 0.3}, {-0.7, 1.0}, {0.2, 0.2}};
  for (int k = 0; k < 4; ++k) {
    double lr = k < 2 ? 1e-2 : 5e-2;  // changed after two steps: moments must carry over
    f.dw << grads[k][0], grads[k][1];
    OptimizerSettings s;
    s.lr = lr;
    s.beta1 = 0.5;
    s.beta2 = 0.999;
    double norm = f.opt.step(s);
    EXPECT_NEAR(norm, std::hypot(grads[k][0], grads[k][1]), 1e-12);
    p0 = ref0.step(p0, grads[k][0], lr, 0.5, 0.999);
    p1 = ref1.step(p1, grads[k][1], lr, 0.5, 0.999);
    EXPECT_NEAR(f.w(0, 0), p0, 1e-12) << "step " << k;
    EXPECT_NEAR(f.w(1, 0), p1, 1e-12) << "step " << k;
  }
  EXPECT_EQ(f.opt.steps(), 4);
}

TEST(Adam, FirstStepMovesByLearningRateTimesSign) {
  Fixture f(OptimizerKind::Adam);
  f.dw << 3.0, -0.001;
  OptimizerSettings s;
  s.lr = 0.1;
  f.opt.step(s);
  EXPECT_NEAR(f.w(0, 0), 0.9, 1e-6);
  EXPECT_NEAR(f.w(1, 0), 1.1, 1e-4);
}

TEST(Sgd, MomentumAsPyTorch) {
  Fixture f(OptimizerKind::Sgd);
  OptimizerSettings s;
  s.lr = 0.1;
  s.beta1 = 0.9;
  f.dw << 1.0, 2.0;
  f.opt.step(s);  // u = g
  EXPECT_NEAR(f.w(0, 0), 0.9, 1e-12);
  f.dw << 1.0, 0.0;
  f.opt.step(s);  // u = 0.9 * 1 + 1 = 1.9 ; u = 0.9 * 2 + 0 = 1.8
  EXPECT_NEAR(f.w(0, 0), 0.9 - 0.19, 1e-12);
  EXPECT_NEAR(f.w(1, 0), 0.8 - 0.18, 1e-12);
}

// By hand: v = 0.01 g^2 after the first step, so the step is lr g / (0.1 |g| + eps), about
// 10 lr sign(g); then v = 0.99 * 0.01 g1^2 + 0.01 g2^2.
TEST(RmsProp, FirstStepsByHand) {
  Fixture f(OptimizerKind::RmsProp);
  OptimizerSettings s;
  s.lr = 0.01;
  s.alpha = 0.99;
  f.dw << 2.0, -0.5;
  f.opt.step(s);
  const double w0 = 1 - 0.01 * 2 / (0.2 + 1e-8), w1 = 1 + 0.01 * 0.5 / (0.05 + 1e-8);
  EXPECT_NEAR(w0, 0.9, 1e-7);
  EXPECT_NEAR(f.w(0, 0), w0, 1e-12);
  EXPECT_NEAR(f.w(1, 0), w1, 1e-12);
  f.dw << 1.0, 0.0;
  f.opt.step(s);
  const double v = 0.99 * 0.01 * 4 + 0.01 * 1;
  EXPECT_NEAR(f.w(0, 0), w0 - 0.01 * 1.0 / (std::sqrt(v) + 1e-8), 1e-12);
  EXPECT_NEAR(f.w(1, 0), w1, 1e-12);  // no gradient, no momentum: no move
  EXPECT_EQ(f.opt.state().size(), 2u);  // the square average only
}

// tests/golden/make_fixtures.py's rmsprop case: five steps of torch.optim.RMSprop, the rate
// changed before the fourth, in float as the trainer runs it and in double.
template <typename T>
void expect_torch_rmsprop(double tolerance) {
  const auto f = ganscope::testing::GoldenFile::read(std::string(GANSCOPE_SOURCE_DIR) +
                                                     "/tests/golden/fixtures/rmsprop.bin");
  const std::vector<float>& p0 = f.at("p0").data;
  const std::vector<float>& grads = f.at("grads").data;
  const std::vector<float>& after = f.at("after").data;
  const Eigen::Index n = Eigen::Index(p0.size());
  Mat<T> w(n, 1), dw(n, 1);
  for (Eigen::Index i = 0; i < n; ++i) w(i) = T(p0[std::size_t(i)]);
  Optimizer<T> opt(OptimizerKind::RmsProp, {Param<T>{&w, &dw, "w"}});
  for (int k = 0; k < 5; ++k) {
    for (Eigen::Index i = 0; i < n; ++i) dw(i) = T(grads[std::size_t(k * n + i)]);
    OptimizerSettings s;
    s.lr = k < 3 ? 1e-2 : 3e-2;
    s.alpha = 0.99;
    opt.step(s);
    double err = 0, scale = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double want = after[std::size_t(k * n + i)];
      err = std::max(err, std::abs(double(w(i)) - want));
      scale = std::max(scale, std::abs(want));
    }
    EXPECT_LT(err / scale, tolerance) << "step " << k + 1;
  }
}

TEST(RmsProp, MatchesPyTorchInFloat) { expect_torch_rmsprop<float>(1e-4); }
TEST(RmsProp, MatchesPyTorchInDouble) { expect_torch_rmsprop<double>(1e-6); }

TEST(Optimizer, StateRoundTrip) {
  for (OptimizerKind kind : {OptimizerKind::Adam, OptimizerKind::Sgd, OptimizerKind::RmsProp}) {
    Fixture a(kind), b(kind);
    a.dw << 0.3, -0.4;
    OptimizerSettings s;
    a.opt.step(s);
    b.w = a.w;
    b.opt.set_state(a.opt.steps(), a.opt.state());
    a.dw << 0.1, 0.2;
    b.dw = a.dw;
    a.opt.step(s);
    b.opt.step(s);
    EXPECT_EQ(a.w, b.w) << int(kind);
    EXPECT_THROW(b.opt.set_state(1, {1.0}), std::invalid_argument);
  }
}

}  // namespace
