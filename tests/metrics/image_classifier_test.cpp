#include "metrics/image_classifier.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "data/idx.h"
#include "metrics/frechet.h"
#include "nn/rng.h"

namespace {

using ganscope::data::ImageDataset;
using ganscope::metrics::frechet_distance;
using ganscope::metrics::gather_all;
using ganscope::metrics::gaussian_stats;
using ganscope::metrics::ImageClassifier;

// Made here: 8x8 images whose class is the row of a bright bar, with pixel noise. An
// untrained classifier is near chance (10%); a trained one must get them nearly all.
TEST(ImageClassifier, LearnsBarsItCanSee) {
  ganscope::nn::Rng rng(5);
  const int n = 2000;
  std::vector<std::uint8_t> pixels(std::size_t(n) * 64), labels(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const int k = int(rng.below(8));
    labels[std::size_t(i)] = std::uint8_t(k);
    for (int p = 0; p < 64; ++p)
      pixels[std::size_t(i) * 64 + std::size_t(p)] =
          std::uint8_t((p / 8 == k ? 180 : 40) + int(rng.below(60)));
  }
  ImageDataset images(n, 8, 8, pixels, "bars");
  ImageClassifier c(64, 1);
  const double before = c.accuracy(images, labels);
  EXPECT_LT(before, 0.4);
  c.fit(images, labels, 2, 64);
  EXPECT_GT(c.accuracy(images, labels), 0.98) << "untrained: " << before;
  EXPECT_EQ(c.features(gather_all(images, 10)).rows(), ImageClassifier::kFeatures);

  std::vector<std::uint8_t> short_labels(labels.begin(), labels.end() - 1);
  EXPECT_THROW(c.fit(images, short_labels, 1), std::invalid_argument);
  labels[3] = 12;
  EXPECT_THROW(c.fit(images, labels, 1), std::invalid_argument);
}

// On the real Fashion-MNIST (Debian's dataset-fashion-mnist): the classifier reaches the
// accuracy an MLP gets there, and the Frechet distance on its features orders what it
// should: training images against the test split are close (0.45 measured); one class alone,
// or the data's mean image with noise, are far (over 300).
TEST(ImageClassifier, FrechetDistanceOnFashionMnist) {
  const std::string dir = "/usr/share/datasets/fashion-mnist";
  if (!std::filesystem::exists(dir + "/t10k-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  auto train = ganscope::data::read_idx_folder(dir);
  auto test = ganscope::data::read_idx_folder(dir, /*test_split=*/true);
  ImageDataset train_set(train.images.count, 28, 28, train.images.pixels, "train");
  ImageDataset test_set(test.images.count, 28, 28, test.images.pixels, "test");
  ImageClassifier c(784, 1);
  c.fit(train_set, train.labels, ImageClassifier::kEpochs);
  const double acc = c.accuracy(test_set, test.labels);
  EXPECT_GT(acc, 0.86);  // 87.8% measured

  const auto real = gaussian_stats(c.features(gather_all(test_set)));
  const auto same = gaussian_stats(c.features(gather_all(train_set, 5000)));
  std::vector<std::uint8_t> shirts;  // class 0 only: T-shirts
  int count = 0;
  for (int i = 0; i < train.images.count && count < 5000; ++i)
    if (train.labels[std::size_t(i)] == 0) {
      shirts.insert(shirts.end(), train.images.pixels.begin() + i * 784,
                    train.images.pixels.begin() + (i + 1) * 784);
      ++count;
    }
  ImageDataset shirt_set(count, 28, 28, shirts, "shirts");
  const auto one_class = gaussian_stats(c.features(gather_all(shirt_set)));
  ganscope::nn::MatF noise(784, 5000);
  ganscope::nn::Rng rng(3);
  rng.fill_normal(noise.data(), std::size_t(noise.size()));
  noise = (0.3f * noise).colwise() + gather_all(test_set).rowwise().mean();
  const auto blurry = gaussian_stats(c.features(noise.cwiseMax(-1.0f).cwiseMin(1.0f)));

  const double d_same = frechet_distance(real, same), d_one = frechet_distance(real, one_class),
               d_noise = frechet_distance(real, blurry);
  std::printf("accuracy %.3f  fcd: train %.3f  one class %.3f  noise %.3f\n", acc, d_same, d_one,
              d_noise);
  EXPECT_LT(d_same * 20, d_one);
  EXPECT_LT(d_same * 20, d_noise);
}

}  // namespace
