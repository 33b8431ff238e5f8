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

using Rgb = std::array<std::uint8_t, 3>;
const Rgb kOrange = {230, 130, 30}, kDarkBlue = {20, 30, 100}, kPaleGrey = {235, 235, 225};

// 12x12 pictures of a disc on a background, centred a little differently each. Orange on dark
// blue: their mean colour is far from the grey an untrained G makes.
std::string make_discs(const std::string& dir, int n, const Rgb& disc_colour = kOrange,
                       const Rgb& background = kDarkBlue) {
  std::filesystem::create_directories(dir);
  for (int i = 0; i < n; ++i) {
    std::vector<std::uint8_t> px(12 * 12 * 3);
    const int cx = 4 + i % 4, cy = 4 + (i / 4) % 4;
    for (int y = 0; y < 12; ++y)
      for (int x = 0; x < 12; ++x) {
        const bool disc = (x - cx) * (x - cx) + (y - cy) * (y - cy) < 10;
        const Rgb& c = disc ? disc_colour : background;
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
  make_discs(dir + "/discs", 48);
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

// Issue 14, part 2, as a user tries it: subfolders are the classes, `sample --class NAME` makes
// that class. Orange discs on dark blue ("dark") and on pale grey ("light"): after 400 steps of
// a small conditional model each class's samples are nearer their own class's mean colour
// than the other's, by far.
TEST(ImageFolderCommand, AConditionalModelMakesTheClassAskedFor) {
  const std::string dir = make_temp_dir("colour_classes");
  make_discs(dir + "/discs/dark", 32);
  make_discs(dir + "/discs/light", 32, kOrange, kPaleGrey);
  std::string model = kSmallColourModel;
  model.replace(model.find('{'), 1, "{\"conditional\": true, ");
  write_file(dir + "/model.json", model);
  auto r = run_command("HOME=" + q(dir) + " " + ganscope_bin() + " train --config " + q(dir + "/model.json") +
                       " --data " + q(dir + "/discs") + " --threads 1 --seed 3 --steps 400 --out " + q(dir + "/run"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::array<std::array<double, 3>, 2> made{};
  const char* names[2] = {"dark", "light"};
  for (int k = 0; k < 2; ++k) {
    r = run_command(ganscope_bin() + " sample --run " + q(dir + "/run") + " --n 100 --class " + names[k] +
                    " --out " + q(dir + "/" + names[k] + ".idx"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    made[std::size_t(k)] = mean_colour(dir + "/" + names[k] + ".idx");
  }
  // A class by number is the same class: the same samples.
  r = run_command(ganscope_bin() + " sample --run " + q(dir + "/run") + " --n 100 --class 1 --out " +
                  q(dir + "/one.idx"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(dir + "/one.idx"), read_file(dir + "/light.idx"));
  const auto mean_of = [](const Rgb& background) {
    std::array<double, 3> m{};
    for (int k = 0; k < 3; ++k) m[std::size_t(k)] = 0.22 * kOrange[std::size_t(k)] + 0.78 * background[std::size_t(k)];
    return m;
  };
  const std::array<double, 3> dark = mean_of(kDarkBlue), light = mean_of(kPaleGrey);
  EXPECT_LT(distance(made[0], dark), 0.25 * distance(made[0], light));
  EXPECT_LT(distance(made[1], light), 0.25 * distance(made[1], dark));
  std::printf("dark samples: %.0f from dark, %.0f from light; light samples: %.0f from light, %.0f from dark\n",
              distance(made[0], dark), distance(made[0], light), distance(made[1], light), distance(made[1], dark));

  r = run_command(ganscope_bin() + " sample --run " + q(dir + "/run") + " --n 5 --class purple --out " + q(dir + "/p.idx"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--class purple: no such class; the model's classes are 0 dark, 1 light"), std::string::npos) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/p.idx"));
}

TEST(ImageFolderCommand, ClassesWhereThereAreNoneAreOneClearLine) {
  const std::string dir = make_temp_dir("no_classes");
  auto r = run_command("HOME=" + q(dir) + " " + ganscope_bin() + " train --data ring8 --steps 2 --threads 1 --out " +
                       q(dir + "/ring"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(ganscope_bin() + " sample --run " + q(dir + "/ring") + " --n 5 --class 0 --out " + q(dir + "/s.csv"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--class 0: this model is not conditional"), std::string::npos) << r.err;
  r = run_command("HOME=" + q(dir) + " " + ganscope_bin() + " train --data ring8 --set conditional=true --steps 2 "
                  "--threads 1 --out " + q(dir + "/c"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("conditional needs class labels"), std::string::npos) << r.err;
}
