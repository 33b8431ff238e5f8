// The nearest training images: answers known by construction.
#include <gtest/gtest.h>

#include <cmath>

#include "data/dataset.h"
#include "data/nearest_images.h"

using namespace ganscope;

namespace {

// n images of 6 x 5 pixels, image i a constant grey of value(i).
template <typename F>
data::ImageDataset flat_images(int n, F value) {
  std::vector<std::uint8_t> pixels;
  for (int i = 0; i < n; ++i) pixels.insert(pixels.end(), 30, std::uint8_t(value(i)));
  return data::ImageDataset(n, 6, 5, std::move(pixels), "flat");
}

// A training image as the query finds itself first, at distance 0.
TEST(NearestImages, ATrainingImageFindsItselfAtDistanceZero) {
  auto set = data::random_images(500, 28, 28, 7);
  const auto& images = dynamic_cast<const data::ImageDataset&>(*set);
  const std::uint8_t* query = images.pixels() + 317 * 784;
  const auto nearest = data::nearest_images(images, query, 5);
  ASSERT_EQ(nearest.size(), 5u);
  EXPECT_EQ(nearest[0].index, 317);
  EXPECT_EQ(nearest[0].distance, 0.0f);
  for (std::size_t i = 1; i < nearest.size(); ++i) {
    EXPECT_GT(nearest[i].distance, 0.0f) << i;
    EXPECT_GE(nearest[i].distance, nearest[i - 1].distance) << i;
  }
}

// Greys 0, 10, ..., 90 and a query of grey 42: nearest 40, 50, 30, 60, 20, each at
// |42 - grey| * sqrt(30).
TEST(NearestImages, FindsTheKnownNearestInOrder) {
  const auto images = flat_images(10, [](int i) { return 10 * i; });
  const std::vector<std::uint8_t> query(30, 42);
  const auto nearest = data::nearest_images(images, query.data(), 5);
  const int want[5] = {4, 5, 3, 6, 2};
  ASSERT_EQ(nearest.size(), 5u);
  for (int r = 0; r < 5; ++r) {
    EXPECT_EQ(nearest[r].index, want[r]) << r;
    EXPECT_FLOAT_EQ(nearest[r].distance, float(std::abs(42 - 10 * want[r]) * std::sqrt(30.0))) << r;
  }
}

// Equal distances keep the lower index first; asking for more than the set holds gives it all.
TEST(NearestImages, TiesGoToTheLowerIndexAndKIsCappedByTheSet) {
  const auto images = flat_images(3, [](int i) { return i == 1 ? 100 : 50; });
  const std::vector<std::uint8_t> query(30, 50);
  const auto nearest = data::nearest_images(images, query.data(), 5);
  ASSERT_EQ(nearest.size(), 3u);
  EXPECT_EQ(nearest[0].index, 0);
  EXPECT_EQ(nearest[1].index, 2);
  EXPECT_EQ(nearest[2].index, 1);
  EXPECT_TRUE(data::nearest_images(images, query.data(), 0).empty());
}

}  // namespace
