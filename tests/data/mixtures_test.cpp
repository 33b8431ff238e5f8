// Built-in 2D distributions: names and their defaults, samples whose means and spreads match
// the parameters, every mode sampled, determinism per seed, and bad parameters refused with
// one clear line.
#include "data/mixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/dataset.h"

using ganscope::data::has_modes;
using ganscope::data::kind_name;
using ganscope::data::make_mixture;
using ganscope::data::Mixture2D;
using ganscope::data::MixtureKind;
using ganscope::data::MixtureParams;
using ganscope::data::parse_mixture;
using ganscope::data::parse_mixture_params;
using ganscope::data::sample_mixture;
using ganscope::nn::Rng;

namespace {

Mixture2D named(const std::string& name) {
  Mixture2D m;
  EXPECT_TRUE(parse_mixture(name, &m)) << name;
  return m;
}

std::vector<float> draw(const Mixture2D& m, int n, std::uint64_t seed) {
  Rng rng(seed);
  return sample_mixture(m, n, rng);
}

// The message make_mixture throws for p, or "" when it does not throw.
std::string mixture_error(const MixtureParams& p) {
  try {
    make_mixture(p);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

struct ModeStats {
  std::vector<int> counts;  // samples nearest each centre
  double mean_x = 0, mean_y = 0;
  double res_sd_x = 0, res_sd_y = 0;  // spread about the nearest centre, per axis
};

ModeStats mode_stats(const Mixture2D& m, const std::vector<float>& xy) {
  const std::size_t k = m.centres.size() / 2, n = xy.size() / 2;
  ModeStats s;
  s.counts.assign(k, 0);
  double sx = 0, sy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t best = 0;
    double best_d2 = 1e300;
    for (std::size_t c = 0; c < k; ++c) {
      const double dx = xy[2 * i] - m.centres[2 * c], dy = xy[2 * i + 1] - m.centres[2 * c + 1];
      if (dx * dx + dy * dy < best_d2) best_d2 = dx * dx + dy * dy, best = c;
    }
    ++s.counts[best];
    const double rx = xy[2 * i] - m.centres[2 * best], ry = xy[2 * i + 1] - m.centres[2 * best + 1];
    sx += rx * rx;
    sy += ry * ry;
    s.mean_x += xy[2 * i];
    s.mean_y += xy[2 * i + 1];
  }
  s.mean_x /= n;
  s.mean_y /= n;
  s.res_sd_x = std::sqrt(sx / n);
  s.res_sd_y = std::sqrt(sy / n);
  return s;
}

// Checks a Gaussian mixture's samples: centred on the centres' mean, spread std about each
// centre (the estimate's relative error is about 1 / sqrt(2n) = 0.3% for n = 50,000; 3% is
// safe), and each mode hit about n / K times (within 6 binomial standard deviations).
void expect_mixture_matches(const Mixture2D& m, int n, std::uint64_t seed) {
  const auto xy = draw(m, n, seed);
  ASSERT_EQ(xy.size(), 2 * std::size_t(n));
  const ModeStats s = mode_stats(m, xy);
  const std::size_t k = m.centres.size() / 2;
  double cx = 0, cy = 0, spread = 0;
  for (std::size_t c = 0; c < k; ++c)
    cx += m.centres[2 * c] / double(k), cy += m.centres[2 * c + 1] / double(k);
  for (std::size_t c = 0; c < k; ++c)
    spread += (std::pow(m.centres[2 * c] - cx, 2) + std::pow(m.centres[2 * c + 1] - cy, 2)) / k;
  const double mean_tol = 6 * std::sqrt((spread + 2 * m.std * m.std) / n);
  EXPECT_NEAR(s.mean_x, cx, mean_tol);
  EXPECT_NEAR(s.mean_y, cy, mean_tol);
  EXPECT_NEAR(s.res_sd_x, m.std, 0.03 * m.std);
  EXPECT_NEAR(s.res_sd_y, m.std, 0.03 * m.std);
  const double expected = double(n) / k, sd = std::sqrt(expected * (1 - 1.0 / k));
  for (std::size_t c = 0; c < k; ++c) {
    EXPECT_GT(s.counts[c], 0) << "mode " << c;
    EXPECT_NEAR(s.counts[c], expected, 6 * sd) << "mode " << c;
  }
}

}  // namespace

TEST(Mixtures, NamesGiveTheDocumentedDefaults) {
  Mixture2D ring = named("ring8");
  EXPECT_EQ(ring.params.kind, MixtureKind::kRing);
  EXPECT_EQ(ring.std, 0.02f);
  ASSERT_EQ(ring.centres.size(), 16u);
  EXPECT_EQ(ring.centres[0], 2.0f);
  EXPECT_EQ(ring.centres[1], 0.0f);
  for (int k = 0; k < 8; ++k)
    EXPECT_NEAR(std::hypot(ring.centres[2 * k], ring.centres[2 * k + 1]), 2.0, 1e-6);
  EXPECT_EQ(named("ring").centres, ring.centres);
  EXPECT_EQ(named("ring12").centres.size(), 24u);

  Mixture2D grid = named("grid25");
  EXPECT_EQ(grid.std, 0.05f);
  ASSERT_EQ(grid.centres.size(), 50u);
  std::set<float> xs(grid.centres.begin(), grid.centres.end());
  EXPECT_EQ(xs, (std::set<float>{-4, -2, 0, 2, 4}));  // both axes, exactly
  EXPECT_EQ(named("grid").centres, grid.centres);
  EXPECT_EQ(named("grid9").params.side, 3);

  Mixture2D clusters = named("clusters5");
  EXPECT_EQ(clusters.centres.size(), 10u);
  EXPECT_EQ(clusters.std, 0.05f);
  EXPECT_EQ(named("clusters").centres, clusters.centres);

  for (const char* name : {"ring8", "grid25", "clusters5"}) EXPECT_TRUE(has_modes(named(name)));
  for (const char* name : {"spiral", "moons", "line"}) {
    Mixture2D m = named(name);
    EXPECT_FALSE(has_modes(m));
    EXPECT_TRUE(m.centres.empty());
    EXPECT_EQ(m.name, name);
    EXPECT_STREQ(kind_name(m.params.kind), name);
  }
  for (const std::string& name : ganscope::data::mixture_names()) EXPECT_EQ(named(name).name, name);
  EXPECT_EQ(ganscope::data::describe(ring), "ring of 8 Gaussians (radius 2, std 0.02)");
  EXPECT_EQ(ganscope::data::describe(grid), "5x5 grid of Gaussians (spacing 2, std 0.05)");
}

TEST(Mixtures, OtherNamesAreNotMixtures) {
  MixtureParams p;
  for (const char* name : {"", "rings", "ring8x", "ring-1", "Ring8", "grid 25", "spirals",
                           "./ring8", "data/points.csv", "moon"})
    EXPECT_FALSE(parse_mixture_params(name, &p)) << name;
}

TEST(Mixtures, ImpossibleCountsInNamesThrow) {
  MixtureParams p;
  for (const char* name : {"ring0", "grid24", "grid0", "clusters0", "clusters1001", "ring10001",
                           "grid10201", "ring99999999999999999999"}) {
    SCOPED_TRACE(name);
    EXPECT_THROW(parse_mixture_params(name, &p), std::invalid_argument);
  }
}

TEST(Mixtures, BadParametersThrowOneClearLine) {
  MixtureParams ring;
  ASSERT_TRUE(parse_mixture_params("ring8", &ring));
  MixtureParams p = ring;
  p.modes = 0;
  EXPECT_EQ(mixture_error(p), "ring: the number of modes must be between 1 and 10000 (got 0)");
  p = ring;
  p.std = -0.1f;
  EXPECT_EQ(mixture_error(p), "ring: std must be in (0, 1000] (got -0.1)");
  p = ring;
  p.std = 0.0f;
  EXPECT_EQ(mixture_error(p), "ring: std must be in (0, 1000] (got 0)");
  p = ring;
  p.std = std::nanf("");
  EXPECT_EQ(mixture_error(p), "ring: std must be in (0, 1000] (got nan)");
  p = ring;
  p.radius = 1e9f;
  EXPECT_EQ(mixture_error(p), "ring: radius must be in (0, 1000] (got 1e+09)");

  MixtureParams grid;
  ASSERT_TRUE(parse_mixture_params("grid25", &grid));
  p = grid;
  p.side = 0;
  EXPECT_EQ(mixture_error(p), "grid: side must be between 1 and 100 (got 0)");
  p = grid;
  p.spacing = -2;
  EXPECT_EQ(mixture_error(p), "grid: spacing must be in (0, 1000] (got -2)");

  MixtureParams other;
  ASSERT_TRUE(parse_mixture_params("clusters5", &other));
  other.modes = 20000;
  EXPECT_EQ(mixture_error(other),
            "clusters: the number of clusters must be between 1 and 1000 (got 20000)");
  ASSERT_TRUE(parse_mixture_params("spiral", &other));
  other.turns = 0;
  EXPECT_EQ(mixture_error(other), "spiral: turns must be in (0, 1000] (got 0)");
  ASSERT_TRUE(parse_mixture_params("moons", &other));
  other.noise = -1;
  EXPECT_EQ(mixture_error(other), "moons: noise must be in [0, 1000] (got -1)");
  ASSERT_TRUE(parse_mixture_params("line", &other));
  other.length = INFINITY;
  EXPECT_EQ(mixture_error(other), "line: length must be in (0, 1000] (got inf)");
  other.length = 4;
  other.noise = 0;  // a clean curve is fine
  EXPECT_EQ(mixture_error(other), "");
}

TEST(Mixtures, SampleCountsOutsideTheLimitThrow) {
  Mixture2D m = named("ring8");
  Rng rng(1);
  EXPECT_TRUE(sample_mixture(m, 0, rng).empty());
  try {
    sample_mixture(m, 1000001, rng);
    ADD_FAILURE() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "sample_mixture: n must be between 0 and 1000000 (got 1000001)");
  }
  EXPECT_THROW(sample_mixture(m, -1, rng), std::invalid_argument);
  Mixture2D hollow = m;
  hollow.centres.clear();
  EXPECT_THROW(sample_mixture(hollow, 10, rng), std::invalid_argument);
}

TEST(Mixtures, RingGridAndClustersMatchTheirParameters) {
  for (const char* name : {"ring8", "grid25", "clusters5"}) {
    SCOPED_TRACE(name);
    expect_mixture_matches(named(name), 50000, 5);
  }
  // Settable parameters are honoured, not just the defaults.
  MixtureParams p;
  ASSERT_TRUE(parse_mixture_params("ring8", &p));
  p.modes = 5;
  p.radius = 3.0f;
  p.std = 0.1f;
  Mixture2D m = make_mixture(p);
  EXPECT_EQ(m.name, "ring5");
  EXPECT_EQ(m.centres.size(), 10u);
  EXPECT_NEAR(std::hypot(m.centres[2], m.centres[3]), 3.0, 1e-6);
  expect_mixture_matches(m, 50000, 6);
  ASSERT_TRUE(parse_mixture_params("grid", &p));
  p.side = 3;
  p.spacing = 1.5f;
  p.std = 0.2f;
  m = make_mixture(p);
  std::set<float> xs(m.centres.begin(), m.centres.end());
  EXPECT_EQ(xs, (std::set<float>{-1.5f, 0.0f, 1.5f}));
  expect_mixture_matches(m, 50000, 7);
}

TEST(Mixtures, ClustersAreWellSeparatedAndFixedByTheLayoutSeed) {
  for (int k : {1, 5, 40}) {
    for (float sd : {0.05f, 0.5f}) {
      MixtureParams p;
      ASSERT_TRUE(parse_mixture_params("clusters", &p));
      p.modes = k;
      p.std = sd;
      const Mixture2D m = make_mixture(p);
      const double sep = std::max(2.0, 12.0 * sd), half = sep * std::sqrt(double(k));
      ASSERT_EQ(m.centres.size(), 2u * k);
      for (int i = 0; i < k; ++i) {
        EXPECT_LE(std::abs(m.centres[2 * i]), half);
        EXPECT_LE(std::abs(m.centres[2 * i + 1]), half);
        for (int j = 0; j < i; ++j)
          EXPECT_GE(std::hypot(m.centres[2 * i] - m.centres[2 * j],
                               m.centres[2 * i + 1] - m.centres[2 * j + 1]),
                    sep);
      }
      EXPECT_EQ(make_mixture(p).centres, m.centres);  // same layout seed, same places
      if (k > 1) {
        p.layout_seed = 2;
        EXPECT_NE(make_mixture(p).centres, m.centres);
      }
    }
  }
}

TEST(Mixtures, SpiralFollowsItsCurve) {
  MixtureParams p;
  ASSERT_TRUE(parse_mixture_params("spiral", &p));
  p.noise = 0;
  const auto xy = draw(make_mixture(p), 20000, 8);
  std::vector<double> t;
  for (std::size_t i = 0; i < xy.size(); i += 2) {
    // Noise-free, a point at radius r = 2 t has angle 2 pi turns t: recompute it from r.
    const double r = std::hypot(xy[i], xy[i + 1]), ti = r / p.radius;
    const double a = 2.0 * M_PI * p.turns * ti;
    ASSERT_LE(ti, 1.0 + 1e-6);
    ASSERT_NEAR(xy[i], r * std::cos(a), 1e-4);
    ASSERT_NEAR(xy[i + 1], r * std::sin(a), 1e-4);
    t.push_back(ti);
  }
  // t = sqrt(u): P(t <= s) = s^2, so the median of t is sqrt(1/2).
  std::nth_element(t.begin(), t.begin() + t.size() / 2, t.end());
  EXPECT_NEAR(t[t.size() / 2], std::sqrt(0.5), 0.01);
}

TEST(Mixtures, MoonsLieOnTwoHalfCirclesCentredOnZero) {
  MixtureParams p;
  ASSERT_TRUE(parse_mixture_params("moons", &p));
  p.noise = 0;
  const auto xy = draw(make_mixture(p), 20000, 9);
  int upper = 0;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < xy.size(); i += 2) {
    const double x = xy[i], y = xy[i + 1];
    // Upper moon: unit circle about (-0.5, -0.25), above its centre; lower moon: about
    // (0.5, 0.25), below it.
    const bool on_upper = std::abs(std::hypot(x + 0.5, y + 0.25) - 1) < 1e-5 && y >= -0.25 - 1e-6;
    const bool on_lower = std::abs(std::hypot(x - 0.5, y - 0.25) - 1) < 1e-5 && y <= 0.25 + 1e-6;
    ASSERT_TRUE(on_upper || on_lower) << x << ", " << y;
    upper += on_upper;
    mx += x;
    my += y;
  }
  const double n = xy.size() / 2.0;
  EXPECT_NEAR(upper / n, 0.5, 0.02);
  EXPECT_NEAR(mx / n, 0.0, 0.02);
  EXPECT_NEAR(my / n, 0.0, 0.02);
}

TEST(Mixtures, LineHasItsLengthAndNoise) {
  Mixture2D m = named("line");
  const auto xy = draw(m, 50000, 10);
  double mx = 0, vx = 0, vy = 0;
  const double n = xy.size() / 2.0;
  for (std::size_t i = 0; i < xy.size(); i += 2) mx += xy[i] / n;
  for (std::size_t i = 0; i < xy.size(); i += 2) {
    vx += (xy[i] - mx) * (xy[i] - mx) / n;
    vy += double(xy[i + 1]) * xy[i + 1] / n;
  }
  const double len = m.params.length, noise = m.params.noise;
  EXPECT_NEAR(mx, 0.0, 0.05);
  EXPECT_NEAR(vx, len * len / 12 + noise * noise, 0.03 * len * len / 12);  // uniform + noise
  EXPECT_NEAR(std::sqrt(vy), noise, 0.03 * noise);
  MixtureParams clean = m.params;
  clean.noise = 0;
  const auto flat = draw(make_mixture(clean), 1000, 10);
  for (std::size_t i = 0; i < flat.size(); i += 2) {
    EXPECT_EQ(flat[i + 1], 0.0f);
    EXPECT_LE(std::abs(flat[i]), len / 2);
  }
}

TEST(Mixtures, SameSeedSameSamplesOtherSeedOthers) {
  for (const std::string& name : ganscope::data::mixture_names()) {
    SCOPED_TRACE(name);
    const Mixture2D m = named(name);
    EXPECT_EQ(draw(m, 1000, 42), draw(m, 1000, 42));
    EXPECT_NE(draw(m, 1000, 42), draw(m, 1000, 43));
  }
}

TEST(Mixtures, Ring8IsTheSameDataTheDatasetHasAlwaysServed) {
  // open_dataset("ring8") draws 50,000 points from its own seeded Rng; the sampler here must
  // give the same floats, so switching the dataset over to it changes no run or checkpoint.
  auto ds = ganscope::data::open_dataset("ring8", 77);
  auto* points = dynamic_cast<ganscope::data::PointDataset*>(ds.get());
  ASSERT_NE(points, nullptr);
  EXPECT_EQ(draw(named("ring8"), ds->size(), 77), points->points());
}
