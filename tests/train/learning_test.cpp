// Facts that hold only if learning works, on real data.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>

#include "data/dataset.h"
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

TEST(Learning, MlpSamplesMoveTowardFashionMnistPixelHistogram) {
  if (!std::filesystem::is_directory(train::kFashionMnistDir))
    GTEST_SKIP() << "needs Debian's dataset-fashion-mnist";
  train::Config cfg = train::load_preset("mlp");
  auto t = train::Trainer::open(cfg);
  std::vector<int> idx(2000);
  for (int i = 0; i < 2000; ++i) idx[std::size_t(i)] = i * 29;
  std::vector<float> real(2000 * 784);
  t->dataset()->gather(idx.data(), 2000, real.data());
  auto h_real = histogram(real);

  double before = l1(histogram(t->generate(500, 3)), h_real);
  for (int i = 0; i < 800; ++i) t->step();
  double after = l1(histogram(t->generate(500, 3)), h_real);
  // At the start G's tanh outputs sit near 0 (mid grey): far from clothing on black.
  EXPECT_GT(before, 1.0);
  EXPECT_LT(after, 0.5 * before) << "before " << before << ", after " << after;
  EXPECT_TRUE(std::isfinite(t->last().loss_d));
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
