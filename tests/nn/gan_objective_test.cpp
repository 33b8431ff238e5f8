// The objective registry: every entry's D and G losses against central differences in double,
// against PyTorch's own functions (tests/golden/make_fixtures.py, gan_objectives), and the
// properties each game is chosen for.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "nn/gan_objective.h"
#include "nn/losses.h"
#include "nn/nn_test_support.h"
#include "support/golden_reader.h"

using namespace ganscope::nn;
using namespace ganscope::nn::test_support;

namespace {

TEST(GanObjective, RegistryNamesAreUniqueAndFindable) {
  std::set<std::string> names;
  for (const auto& o : objectives()) {
    EXPECT_TRUE(names.insert(o.name).second) << o.name;
    EXPECT_EQ(find_objective(o.name), &o);
    EXPECT_GT(std::string(o.summary).size(), 10u) << o.name;
    EXPECT_EQ(o.bounded, o.display == OutputDisplay::Probability) << o.name;
  }
  EXPECT_STREQ(default_objective().name, "non-saturating");
  EXPECT_EQ(find_objective("wgan-xp"), nullptr);
  for (const char* n : {"non-saturating", "minimax", "lsgan", "hinge", "wgan", "wgan-gp"})
    EXPECT_NE(objective_names().find(n), std::string::npos) << n;
}

// The gradient check the registry walks: D's loss on [real | fake] and G's loss, in double,
// away from the hinge's kinks at +-1.
TEST(GanObjective, EveryObjectiveGradientMatchesFiniteDifferences) {
  const MatD s = row_of({1.7, -0.3, 0.4, -2.2, 0.8, -0.6, 2.5});  // 3 real, 4 fake
  const MatD fake = row_of({-1.4, 0.2, 0.6, -0.5, 1.9});
  for (const auto& o : objectives()) {
    MatD g;
    discriminator_loss<double>(o, s, 3, &g);
    expect_gradient(s, [&](const MatD& v) { return discriminator_loss<double>(o, v, 3, nullptr); }, g,
                    std::string(o.name) + " D");
    generator_loss<double>(o, fake, &g);
    expect_gradient(fake, [&](const MatD& v) { return generator_loss<double>(o, v, nullptr); }, g,
                    std::string(o.name) + " G");
    // The two halves D's passes use add up to the whole.
    MatD gr, gf;
    const double halves = discriminator_half_loss<double>(o, s.leftCols(3), true, &gr) +
                          discriminator_half_loss<double>(o, s.rightCols(4), false, &gf);
    EXPECT_NEAR(halves, discriminator_loss<double>(o, s, 3, &g), 1e-12) << o.name;
    EXPECT_NEAR((g.leftCols(3) - gr).norm() + (g.rightCols(4) - gf).norm(), 0.0, 1e-15) << o.name;
  }
}

// Each loss and gradient as PyTorch 1.13 computes it (F.binary_cross_entropy_with_logits,
// F.mse_loss, F.relu, means), in float64 rounded to float32.
TEST(GanObjective, MatchesPyTorch) {
  using ganscope::testing::GoldenFile;
  const GoldenFile f =
      GoldenFile::read(std::string(GANSCOPE_SOURCE_DIR) + "/tests/golden/fixtures/gan_objectives.bin");
  const MatD real = f.batch<double>("real"), fake = f.batch<double>("fake");
  ASSERT_EQ(real.rows(), 1);
  const double tol = 1e-6;
  for (const auto& o : objectives()) {
    const std::string n = o.name;
    SCOPED_TRACE(n);
    MatD gr, gf, gg;
    const double ld = discriminator_half_loss<double>(o, real, true, &gr) +
                      discriminator_half_loss<double>(o, fake, false, &gf);
    EXPECT_NEAR(ld, f.batch<double>(n + ".d_loss")(0, 0), tol);
    EXPECT_LT((gr - f.batch<double>(n + ".d_grad_real")).cwiseAbs().maxCoeff(), tol);
    EXPECT_LT((gf - f.batch<double>(n + ".d_grad_fake")).cwiseAbs().maxCoeff(), tol);
    EXPECT_NEAR(generator_loss<double>(o, fake, &gg), f.batch<double>(n + ".g_loss")(0, 0), tol);
    EXPECT_LT((gg - f.batch<double>(n + ".g_grad")).cwiseAbs().maxCoeff(), tol);
  }
}

TEST(GanObjective, FormulasOnKnownValues) {
  const GanObjective& ls = *find_objective("lsgan");
  const GanObjective& hinge = *find_objective("hinge");
  const GanObjective& wgan = *find_objective("wgan");
  // LSGAN at its targets: D(x) = 1 and D(G(z)) = 0 cost D nothing; G's loss is then 1/2.
  EXPECT_NEAR(discriminator_loss<double>(ls, row_of({1, 1, 0, 0}), 2, nullptr), 0.0, 1e-15);
  EXPECT_NEAR(generator_loss<double>(ls, row_of({0, 0}), nullptr), 0.5, 1e-15);
  // Hinge: no loss beyond the margins, a linear one inside them.
  EXPECT_NEAR(discriminator_loss<double>(hinge, row_of({1.5, 3, -2, -1.2}), 2, nullptr), 0.0,
              1e-15);
  EXPECT_NEAR(discriminator_loss<double>(hinge, row_of({0.5, -1.5}), 1, nullptr), 0.5 + 0.0, 1e-15);
  // WGAN: the critic's loss is minus the gap between the means.
  EXPECT_NEAR(discriminator_loss<double>(wgan, row_of({3, 1, -1, 0}), 2, nullptr), -0.5 - 2.0,
              1e-15);
  EXPECT_TRUE(wgan.clips_weights && wgan.wasserstein_estimate);
  EXPECT_FLOAT_EQ(wgan.shown(-3.5f), -3.5f);
  EXPECT_FLOAT_EQ(default_objective().shown(0.0f), 0.5f);
}

// The non-saturating game's float loss is bit for bit the BCE-only code it replaced, so that
// runs, learning tests and the golden step keep their numbers: 0.5 mean(softplus(s) - t s)
// with gradient (0.5 / n) (sigmoid(s) - t) for the real half, (sigmoid(s) - 1) / n for G.
TEST(GanObjective, NonSaturatingFloatIsTheOldBce) {
  MatF s(1, 5);
  s << 1.3f, -0.7f, 4.1f, -2.9f, 0.02f;
  MatF g;
  const GanObjective& ns = default_objective();
  const float real = discriminator_half_loss<float>(ns, s, true, &g);
  float sum = 0;
  for (int i = 0; i < 5; ++i) {
    sum += softplus(s(0, i)) - 1.0f * s(0, i);
    EXPECT_EQ(g(0, i), (0.5f / 5.0f) * (sigmoid(s(0, i)) - 1.0f));
  }
  EXPECT_EQ(real, 0.5f * sum / 5.0f);
  generator_loss<float>(ns, s, &g);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(g(0, i), (sigmoid(s(0, i)) - 1.0f) / 5.0f);
}

}  // namespace
