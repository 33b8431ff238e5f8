// The split of a run's data into what it trains on and what it holds out (data/training_split.h).
#include "data/training_split.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/idx.h"
#include "support/test_support.h"

using namespace ganscope::data;
using ganscope::testing::make_temp_dir;

namespace {

// count images of 2x2 pixels whose every pixel is first + its index: each image is known by
// its first pixel.
IdxImages numbered_images(int count, int first) {
  IdxImages im;
  im.count = count, im.rows = 2, im.cols = 2;
  for (int i = 0; i < count; ++i) im.pixels.insert(im.pixels.end(), 4, std::uint8_t(first + i));
  return im;
}

// A folder of 20 training images (0..19) and, when test > 0, that many test images (100..).
std::string split_folder(const std::string& tag, int test) {
  const std::string dir = make_temp_dir(tag);
  write_idx_images(dir + "/train-images-idx3-ubyte", numbered_images(20, 0));
  if (test > 0) write_idx_images(dir + "/t10k-images-idx3-ubyte", numbered_images(test, 100));
  return dir;
}

// The first pixel of each example, back in 0..255.
std::vector<int> firsts(const Dataset& d) {
  std::vector<int> out;
  std::vector<float> x(std::size_t(d.dim()));
  for (int i = 0; i < d.size(); ++i) {
    d.gather(&i, 1, x.data());
    out.push_back(int(unit_to_pixel(x[0])));
  }
  return out;
}

TEST(TrainingSplit, AutoHoldsOutTheTestSplitAndTrainsOnEverything) {
  const std::string dir = split_folder("auto", 3);
  TrainingSplit s = split_training_data(open_dataset(dir, 1), dir, kAutoHoldout, 0);
  ASSERT_TRUE(s.heldout);
  EXPECT_EQ(firsts(*s.heldout), (std::vector<int>{100, 101, 102}));
  EXPECT_EQ(s.train->size(), 20);
}

TEST(TrainingSplit, AutoHoldsOutNothingWithoutATestSplit) {
  const std::string dir = split_folder("none", 0);
  EXPECT_FALSE(split_training_data(open_dataset(dir, 1), dir, kAutoHoldout, 0).heldout);
  EXPECT_FALSE(split_training_data(open_dataset("ring8", 1), "ring8", kAutoHoldout, 0).heldout);
  // 0: nothing, even when there is a test split.
  const std::string with_test = split_folder("zero", 3);
  EXPECT_FALSE(split_training_data(open_dataset(with_test, 1), with_test, 0, 0).heldout);
}

TEST(TrainingSplit, AtMostAThousandTestImages) {
  const std::string dir = split_folder("many", 1500);
  TrainingSplit s = split_training_data(open_dataset(dir, 1), dir, kAutoHoldout, 0);
  ASSERT_TRUE(s.heldout);
  EXPECT_EQ(s.heldout->size(), kAutoHeldoutImages);
}

TEST(TrainingSplit, HoldoutKeepsTheLastExamplesOutAndTrainSizeTheFirst) {
  const std::string dir = split_folder("carve", 3);
  TrainingSplit s = split_training_data(open_dataset(dir, 1), dir, 4, 5);
  ASSERT_TRUE(s.heldout);
  EXPECT_EQ(firsts(*s.heldout), (std::vector<int>{16, 17, 18, 19}));
  EXPECT_EQ(firsts(*s.train), (std::vector<int>{0, 1, 2, 3, 4}));
  // 2D points split the same way and keep their mixture's modes.
  TrainingSplit p = split_training_data(open_dataset("ring8", 1), "ring8", 1000, 0);
  EXPECT_EQ(p.heldout->size(), 1000);
  EXPECT_EQ(p.train->size(), 49000);
  EXPECT_EQ(dynamic_cast<const PointDataset&>(*p.train).mode_centres().size(), 16u);
}

TEST(TrainingSplit, RefusesASplitThatLeavesNothingToTrainOn) {
  const std::string dir = split_folder("refuse", 0);
  try {
    split_training_data(open_dataset(dir, 1), dir, 20, 0);
    FAIL() << "holdout 20 of 20 was taken";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), dir + ": holdout 20 leaves none of its 20 examples to train on");
  }
  try {
    split_training_data(open_dataset(dir, 1), dir, 5, 16);
    FAIL() << "train_size 16 of 15 was taken";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()),
              dir + ": train_size 16 is more than the 15 examples there are to train on");
  }
}

}  // namespace
