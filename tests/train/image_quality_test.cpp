// The image meter on sets whose answers are known (train/image_quality.h), on Fashion-MNIST:
// the test split's own images spread over all ten classes and sit at the data's distance; a
// "generator" that makes one class only (the collapse the classes' spread is there to see)
// spreads over about one, keeps its precision and loses its recall. About 5 s (the
// classifier's training).
#include "train/image_quality.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "data/dataset.h"
#include "data/idx.h"
#include "metrics/image_classifier.h"
#include "nn/threads.h"
#include "train/config.h"

namespace data = ganscope::data;
namespace train = ganscope::train;

namespace {

// The first n test images of class `only` (or of any class, -1), as the meter takes them.
ganscope::nn::MatF test_images(int n, int only) {
  data::IdxFolder test = data::read_idx_folder(train::fashion_mnist_dir(), /*test_split=*/true);
  const std::size_t size = std::size_t(test.images.rows) * std::size_t(test.images.cols);
  std::vector<std::uint8_t> pixels;
  int count = 0;
  for (std::size_t i = 0; i < test.labels.size() && count < n; ++i) {
    if (only >= 0 && test.labels[i] != only) continue;
    pixels.insert(pixels.end(), test.images.pixels.begin() + std::ptrdiff_t(i * size),
                  test.images.pixels.begin() + std::ptrdiff_t((i + 1) * size));
    ++count;
  }
  data::ImageDataset set(count, test.images.rows, test.images.cols, std::move(pixels), "test");
  return ganscope::metrics::gather_all(set);
}

}  // namespace

TEST(ImageQuality, AllClassesAgainstOneClassAsACollapsedGWouldMake) {
  ganscope::nn::set_compute_threads(1);
  train::ImageQualityMeter meter(train::fashion_mnist_dir());
  const train::ImageQualityStats real = meter.measure(test_images(1000, -1));
  const train::ImageQualityStats one = meter.measure(test_images(1000, 1));  // trousers
  EXPECT_GT(real.classes, 9.0f);  // Fashion-MNIST's classes are balanced
  EXPECT_LT(one.classes, 1.6f);   // the classifier is 88% right: a few go elsewhere
  EXPECT_LT(real.fcd, 3.0f);
  EXPECT_GT(one.fcd, 10 * real.fcd);
  EXPECT_LE(real.fcd_low, real.fcd);  // the band is centred on the distance
  EXPECT_GE(real.fcd_high, real.fcd);
  EXPECT_LT(real.fcd_high, one.fcd_low);  // bands far apart: no swing of noise
  EXPECT_GT(one.precision, 0.8f);  // trousers look real
  // but cover a tenth of the data: their k-NN balls, wide for one class spread over 64
  // features, still take in a few other images.
  EXPECT_LT(one.recall, 0.5f * real.recall);
  std::printf("all: fcd %.2f (%.2f-%.2f) P %.2f R %.2f classes %.2f; one: fcd %.2f (%.2f-%.2f) P %.2f R %.2f classes %.2f\n",
              real.fcd, real.fcd_low, real.fcd_high, real.precision, real.recall, real.classes, one.fcd,
              one.fcd_low, one.fcd_high, one.precision, one.recall, one.classes);
}
