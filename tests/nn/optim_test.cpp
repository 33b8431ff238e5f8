#include <gtest/gtest.h>

#include <cmath>

#include "nn/optim.h"

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

TEST(Optimizer, StateRoundTrip) {
  Fixture a(OptimizerKind::Adam), b(OptimizerKind::Adam);
  a.dw << 0.3, -0.4;
  OptimizerSettings s;
  a.opt.step(s);
  b.w = a.w;
  b.opt.set_state(a.opt.steps(), a.opt.state());
  a.dw << 0.1, 0.2;
  b.dw = a.dw;
  a.opt.step(s);
  b.opt.step(s);
  EXPECT_EQ(a.w, b.w);
  EXPECT_THROW(b.opt.set_state(1, {1.0}), std::invalid_argument);
}

}  // namespace
