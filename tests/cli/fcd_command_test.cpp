// ganscope fcd as a user tries it: on real and on broken inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "data/idx.h"
#include "support/test_support.h"

using namespace ganscope;
using ganscope::testing::ganscope_bin;
using ganscope::testing::run_command;

namespace {

const std::string kFashion = "/usr/share/datasets/fashion-mnist";

double last_fcd(const std::string& out) {
  const auto at = out.rfind("fcd: ");
  return at == std::string::npos ? -1 : std::atof(out.c_str() + at + 5);
}

// Wrong inputs stop with one line, before the classifier's seconds of training.
TEST(FcdCommand, RefusesWhatItCannotMeasure) {
  const std::string dir = ganscope::testing::make_temp_dir("fcd-bad");
  auto r = run_command(ganscope_bin() + " fcd --n 100");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--run RUN, --checkpoint F or --samples"), std::string::npos) << r.err;

  ASSERT_EQ(run_command(ganscope_bin() + " train --data ring8 --steps 2 --threads 1 --out " + dir +
                        "/ring")
                .exit_code,
            0);
  r = run_command(ganscope_bin() + " fcd --run " + dir + "/ring");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("2D points"), std::string::npos) << r.err;

  data::IdxImages small;  // 8x8 images against 28x28 data
  small.count = 3, small.rows = 8, small.cols = 8;
  small.pixels.assign(3 * 64, 100);
  data::write_idx_images(dir + "/small.idx", small);
  std::filesystem::create_directories(dir + "/data");
  data::IdxImages big = small;
  big.rows = big.cols = 28;
  big.pixels.assign(3 * 784, 100);
  data::write_idx_images(dir + "/data/train-images-idx3-ubyte", big);
  data::write_idx_images(dir + "/data/t10k-images-idx3-ubyte", big);
  // The sizes are told from the headers, before the classifier (here it could not even be
  // trained: the folder has no labels).
  r = run_command(ganscope_bin() + " fcd --samples " + dir + "/small.idx --data " + dir + "/data");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("the samples are 8x8 images and " + dir + "/data holds 28x28"),
            std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  data::write_idx_images(dir + "/right.idx", big);
  r = run_command(ganscope_bin() + " fcd --samples " + dir + "/right.idx --data " + dir + "/data");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("labels"), std::string::npos) << r.err;  // no label files there

  data::IdxImages one = big;  // a single image has no covariance
  one.count = 1;
  one.pixels.resize(784);
  data::write_idx_images(dir + "/one.idx", one);
  r = run_command(ganscope_bin() + " fcd --samples " + dir + "/one.idx");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("at least 2 images"), std::string::npos) << r.err;

  r = run_command(ganscope_bin() + " fcd --samples " + dir + "/missing.idx");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("missing.idx"), std::string::npos) << r.err;
}

// Real test images score near the floor; the same images with their pixels shuffled (same
// histogram, no clothing) score far above it.
TEST(FcdCommand, ScoresRealImagesLowAndScrambledOnesHigh) {
  if (!std::filesystem::is_directory(kFashion)) GTEST_SKIP() << "needs dataset-fashion-mnist";
  const std::string dir = ganscope::testing::make_temp_dir("fcd-real");
  data::IdxImages test = data::read_idx_folder(kFashion, true).images;
  test.count = 2000;
  test.pixels.resize(2000 * 784);
  data::write_idx_images(dir + "/real.idx", test);
  std::uint64_t state = 12345;  // a fixed permutation of pixel positions, the same for all
  std::vector<int> perm(784);
  for (int i = 0; i < 784; ++i) perm[std::size_t(i)] = i;
  for (int i = 783; i > 0; --i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::swap(perm[std::size_t(i)], perm[std::size_t((state >> 33) % std::uint64_t(i + 1))]);
  }
  data::IdxImages scrambled = test;
  for (int k = 0; k < 2000; ++k)
    for (int p = 0; p < 784; ++p)
      scrambled.pixels[std::size_t(k * 784 + p)] = test.pixels[std::size_t(k * 784 + perm[std::size_t(p)])];
  data::write_idx_images(dir + "/scrambled.idx", scrambled);

  auto real = run_command(ganscope_bin() + " fcd --samples " + dir + "/real.idx --threads 1");
  ASSERT_EQ(real.exit_code, 0) << real.err;
  EXPECT_NE(real.out.find("floor: 2000 training images score"), std::string::npos) << real.out;
  auto bad = run_command(ganscope_bin() + " fcd --samples " + dir + "/scrambled.idx --threads 1");
  ASSERT_EQ(bad.exit_code, 0) << bad.err;
  const double d_real = last_fcd(real.out), d_bad = last_fcd(bad.out);
  EXPECT_GE(d_real, 0);
  EXPECT_LT(d_real, 2.0) << real.out;
  EXPECT_GT(d_bad, 50 * std::max(d_real, 0.1)) << bad.out;
  // Precision and recall against the first 2,000 test images: the same images are all inside
  // each other's manifold (1 and 1). Scrambled pixels cover none of the data (recall 0.005
  // here); half of them still land inside the real manifold (0.50), whose outliers' balls are
  // wide in 64 dimensions: precision alone does not tell noise from images.
  EXPECT_NE(real.out.find("precision: 1.000 recall: 1.000 (k = 3; 2000 samples against 2000 test images"),
            std::string::npos) << real.out;
  const auto at = bad.out.find("precision: "), rat = bad.out.find(" recall: ");
  ASSERT_TRUE(at != std::string::npos && rat != std::string::npos) << bad.out;
  EXPECT_LT(std::stod(bad.out.substr(at + 11)), 0.8) << bad.out;
  EXPECT_LT(std::stod(bad.out.substr(rat + 9)), 0.05) << bad.out;
}

}  // namespace
