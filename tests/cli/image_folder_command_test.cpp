// Issue 14, part 1, as a user tries it: `train --data DIR` on a folder of coloured pictures the
// test makes, `sample` in colour, and the folder's faults as clear errors.
#include <gtest/gtest.h>
#include <stb/stb_image_write.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "support/test_support.h"

using namespace ganscope::testing;

namespace {

// 12x12 pictures of an orange disc on dark blue, centred a little differently each: their mean
// colour is far from the grey an untrained G makes.
std::string make_orange_discs(const std::string& dir, int n) {
  std::filesystem::create_directories(dir);
  for (int i = 0; i < n; ++i) {
    std::vector<std::uint8_t> px(12 * 12 * 3);
    const int cx = 4 + i % 4, cy = 4 + (i / 4) % 4;
    for (int y = 0; y < 12; ++y)
      for (int x = 0; x < 12; ++x) {
        const bool disc = (x - cx) * (x - cx) + (y - cy) * (y - cy) < 10;
        const std::array<std::uint8_t, 3> c = disc ? std::array<std::uint8_t, 3>{230, 130, 30}
                                                   : std::array<std::uint8_t, 3>{20, 30, 100};
        for (int k = 0; k < 3; ++k) px[std::size_t((y * 12 + x) * 3 + k)] = c[std::size_t(k)];
      }
    const std::string path = dir + "/" + std::to_string(i) + ".png";
    EXPECT_TRUE(stbi_write_png(path.c_str(), 12, 12, 3, px.data(), 36));
  }
  return dir;
}

// A flat model of 8x8 RGB (192 outputs): cheap, and its size tells the loader what to make.
const char* kSmallColourModel = R"({
  "batch": 32, "latent_dim": 8,
  "generator": [{"type": "linear", "units": 64}, {"type": "relu"},
                {"type": "linear", "units": 192}, {"type": "tanh"}],
  "discriminator": [{"type": "flatten"}, {"type": "linear", "units": 64},
                    {"type": "leaky_relu", "slope": 0.2}, {"type": "linear", "units": 1}],
  "optimizer": "adam", "lr_d": 0.002, "lr_g": 0.002, "beta1": 0.5
})";

// Mean R, G, B of an idx4 file of (n, 8, 8, 3) samples.
std::array<double, 3> mean_colour(const std::string& idx4) {
  const std::string b = read_file(idx4);
  EXPECT_EQ(b.substr(0, 4), std::string("\0\0\x08\x04", 4));
  std::array<double, 3> sum{};
  const std::size_t pixels = (b.size() - 20) / 3;
  for (std::size_t p = 0; p < pixels; ++p)
    for (int k = 0; k < 3; ++k) sum[std::size_t(k)] += std::uint8_t(b[20 + 3 * p + std::size_t(k)]);
  for (double& s : sum) s /= double(pixels);
  return sum;
}

double distance(const std::array<double, 3>& a, const std::array<double, 3>& b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}

std::string q(const std::string& s) { return "'" + s + "'"; }

}  // namespace

TEST(ImageFolderCommand, TrainingMovesTheSamplesColourTowardTheData) {
  const std::string dir = make_temp_dir("colour_train");
  make_orange_discs(dir + "/discs", 48);
  write_file(dir + "/model.json", kSmallColourModel);
  const std::string train = ganscope_bin() + " train --config " + q(dir + "/model.json") + " --data " +
                            q(dir + "/discs") + " --threads 1 --seed 3 ";
  auto r = run_command("HOME=" + q(dir) + " " + train + "--steps 1 --out " + q(dir + "/start"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("48 images, 8x8 RGB"), std::string::npos) << r.out;
  r = run_command("HOME=" + q(dir) + " " + train + "--steps 400 --out " + q(dir + "/end"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* run : {"start", "end"}) {
    r = run_command(ganscope_bin() + " sample --run " + q(dir + "/" + run) + " --n 200 --out " +
                    q(dir + "/" + run + ".idx"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // The data's mean colour, from the same resize: G must come toward it.
  // 8x8 of 12x12 discs: about a quarter disc, the rest background.
  r = run_command(ganscope_bin() + " sample --run " + q(dir + "/end") + " --n 3 --out " + q(dir + "/pngs/"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/pngs/sample_000002.png"));
  const std::array<double, 3> data_mean = {20 + 0.22 * 210, 30 + 0.22 * 100, 100 - 0.22 * 70};
  const double before = distance(mean_colour(dir + "/start.idx"), data_mean);
  const double after = distance(mean_colour(dir + "/end.idx"), data_mean);
  EXPECT_GT(before, 60.0);
  EXPECT_LT(after, 0.3 * before) << "before " << before << ", after " << after;
  std::printf("colour distance to the data: before %.1f, after %.1f\n", before, after);
}

TEST(ImageFolderCommand, AFolderOfNonImagesOrUnusableOnesIsOneClearLine) {
  const std::string dir = make_temp_dir("colour_bad");
  write_file(dir + "/model.json", kSmallColourModel);
  std::filesystem::create_directories(dir + "/broken");
  write_file(dir + "/broken/a.png", "junk");
  write_file(dir + "/broken/b.jpg", "junk");
  auto r = run_command("HOME=" + q(dir) + " " + ganscope_bin() + " train --config " + q(dir + "/model.json") +
                       " --data " + q(dir + "/broken") + " --steps 5 --threads 1 --out " + q(dir + "/run"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("none of its 2 image files is usable"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/run/checkpoint"));
}
