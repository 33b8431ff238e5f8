// Facts that hold only if learning works, on real data.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "data/dataset.h"
#include "train/image_quality.h"
#include "train/trainer.h"

using namespace ganscope;

namespace {

// Normalised 8-bin histogram of pixel values in [-1, 1].
std::array<double, 8> histogram(const std::vector<float>& v) {
  std::array<double, 8> h{};
  for (float x : v) h[std::size_t(std::clamp(int((x + 1) * 4), 0, 7))] += 1.0 / double(v.size());
  return h;
}

double l1(const std::array<double, 8>& a, const std::array<double, 8>& b) {
  double d = 0;
  for (std::size_t i = 0; i < 8; ++i) d += std::abs(a[i] - b[i]);
  return d;
}

TEST(Learning, MlpSamplesMoveTowardFashionMnistPixelsAndFeatures) {
  if (!std::filesystem::is_directory(train::kFashionMnistDir))
    GTEST_SKIP() << "needs Debian's dataset-fashion-mnist";
  train::Config cfg = train::load_preset("mlp");
  auto t = train::Trainer::open(cfg);
  std::vector<int> idx(2000);
  for (int i = 0; i < 2000; ++i) idx[std::size_t(i)] = i * 29;
  std::vector<float> real(2000 * 784);
  t->dataset()->gather(idx.data(), 2000, real.data());
  auto h_real = histogram(real);

  // The Frechet distance on a classifier's features (what `ganscope fcd` reports) against
  // the test split: `ganscope fcd` measured 457 untrained and 189 after 800 steps of mlp.
  train::ImageQualityMeter meter(train::kFashionMnistDir);
  auto fcd = [&](const std::vector<float>& samples) {
    return meter.distance(Eigen::Map<const nn::MatF>(samples.data(), 784, Eigen::Index(samples.size() / 784)));
  };

  const std::vector<float> untrained = t->generate(2000, 3);
  double before = l1(histogram(untrained), h_real);
  const double fcd_before = fcd(untrained);
  for (int i = 0; i < 800; ++i) t->step();
  const std::vector<float> trained = t->generate(2000, 3);
  double after = l1(histogram(trained), h_real);
  const double fcd_after = fcd(trained);
  EXPECT_LT(fcd_after, 0.6 * fcd_before) << "before " << fcd_before << ", after " << fcd_after;
  // At the start G's tanh outputs sit near 0 (mid grey): far from clothing on black.
  EXPECT_GT(before, 1.0);
  EXPECT_LT(after, 0.5 * before) << "before " << before << ", after " << after;
  EXPECT_TRUE(std::isfinite(t->last().loss_d));
}

// Issue 14's proof, shortened: `bench/cgan_classes.sh` trains cgan 5,000 steps over three
// seeds, and fcd's classifier names 0.84-0.88 of G's Shirts as Shirts and more of every other
// class (README). Here 1,500 steps, 100 samples per class: every class at least 0.7 (0.90 and
// up measured; a G that ignored its labels would be near 0.1).
TEST(Learning, CganMakesTheClassItIsAskedFor) {
  if (!std::filesystem::is_directory(train::kFashionMnistDir))
    GTEST_SKIP() << "needs Debian's dataset-fashion-mnist";
  auto t = train::Trainer::open(train::load_preset("cgan"));
  for (int i = 0; i < 1500; ++i) t->step();
  train::ImageQualityMeter meter(train::kFashionMnistDir);
  const std::vector<double> share = meter.class_accuracy(*t, 100, 5);
  ASSERT_EQ(share.size(), 10u);
  for (std::size_t c = 0; c < share.size(); ++c) {
    std::printf("  %-12s %.2f (real ones %.2f)\n", t->class_names()[c].c_str(), share[c],
                meter.real_class_accuracy()[c]);
    EXPECT_GE(share[c], 0.7) << t->class_names()[c] << " (fcd's classifier on real ones: "
                             << meter.real_class_accuracy()[c] << ")";
  }
}

TEST(Learning, RingSamplesMoveOntoTheCircle) {
  train::Config cfg = train::load_preset("ring");
  auto t = train::Trainer::open(cfg);
  auto radius_error = [&] {
    auto xy = t->generate(1000, 9);
    double e = 0;
    for (std::size_t i = 0; i < xy.size(); i += 2) e += std::abs(std::hypot(xy[i], xy[i + 1]) - 2.0);
    return e / 1000;
  };
  double before = radius_error();
  for (int i = 0; i < 1500; ++i) t->step();
  double after = radius_error();
  EXPECT_GT(before, 1.5);
  EXPECT_LT(after, 0.4) << "before " << before;
}

}  // namespace

namespace {

// The ring preset with its fixed seed finds all eight modes: VEEGAN's measure on 2,500
// samples (modes captured, and the share within 3 std of a mode) reaches 8 of 8 and at least
// 90% within 10,000 steps (seen here: 8/8 from step 2,000, and 90% first at step 8,500,
// checking every 500; the share swings between 65% and 93% on the way). Over 12 seeds
// the preset got there within 10,000 steps 8 times; an untrained G covers one mode or none.
TEST(Learning, RingPresetCapturesAllEightModes) {
  auto t = train::Trainer::open(train::load_preset("ring"));
  train::QualityStats best;
  std::int64_t reached = -1;
  for (int block = 0; block < 20 && reached < 0; ++block) {
    for (int i = 0; i < 500; ++i) t->step();
    auto q = t->measure_quality();
    ASSERT_TRUE(q.has_modes);
    ASSERT_EQ(q.modes, 8);
    if (q.high_quality > best.high_quality) best = q;
    if (q.modes_captured == 8 && q.high_quality >= 90.0f) reached = t->steps();
  }
  EXPECT_GT(reached, 0) << "best: " << best.modes_captured << "/8 modes, " << best.high_quality
                        << "% high quality";
}

// The harder 5x5 grid (assets/presets/grid25.json): measured 21-25 of 25 modes within 15,000
// steps over two seeds; an untrained G sits near the centre and covers at most one.
TEST(Learning, Grid25PresetCoversMostModes) {
  auto t = train::Trainer::open(train::load_preset("grid25"));
  int best = 0;
  for (int block = 0; block < 30 && best < 20; ++block) {
    for (int i = 0; i < 500; ++i) t->step();
    auto q = t->measure_quality();
    ASSERT_EQ(q.modes, 25);
    best = std::max(best, q.modes_captured);
  }
  EXPECT_GE(best, 20) << "best: " << best << "/25 modes";
}

// The spiral has no modes: the 2D histograms' JS divergence measures it (about 0.08 after
// 10,000 steps measured, from about 0.6 untrained).
TEST(Learning, SpiralPresetMatchesTheCurve) {
  auto t = train::Trainer::open(train::load_preset("spiral"));
  float best = 1;
  for (int block = 0; block < 20 && best > 0.15f; ++block) {
    for (int i = 0; i < 500; ++i) t->step();
    best = std::min(best, t->measure_quality().js);
  }
  EXPECT_LT(best, 0.15f);
}

TEST(Learning, QualityOfAnUntrainedGeneratorIsPoor) {
  auto t = train::Trainer::open(train::load_preset("ring"));
  auto q = t->measure_quality();
  EXPECT_EQ(q.modes_captured, 0);  // G starts near the origin, far from every mode
  EXPECT_LT(q.high_quality, 1.0f);
  EXPECT_GT(q.js, 0.6f);           // near log 2: the supports hardly overlap
}

}  // namespace
