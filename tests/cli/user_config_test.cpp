// Issue 3's "done means": a model the user writes as JSON loads, trains and samples through
// the command line, without recompiling; a malformed one stops with one clear line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.h"

using namespace ganscope::testing;

namespace {

// A small convolutional GAN of the user's own on 12x12 images made by the test: layer types
// and settings no preset uses (maxout, dropout, spectral norm on a conv, a 3x3 kernel, a
// uniform latent of 8).
const char* kUserModel = R"({
  "description": "a user's own small conv GAN",
  "batch": 16,
  "latent_dim": 8,
  "latent": "uniform",
  "generator": [
    {"type": "linear", "units": 288},
    {"type": "reshape", "shape": [8, 6, 6]},
    {"type": "batch_norm"},
    {"type": "relu"},
    {"type": "conv_transpose", "out_channels": 1, "kernel": 4, "stride": 2, "padding": 1},
    {"type": "tanh"}
  ],
  "discriminator": [
    {"type": "conv", "out_channels": 6, "kernel": 3, "stride": 1, "padding": 1, "spectral_norm": true},
    {"type": "leaky_relu", "slope": 0.1},
    {"type": "flatten"},
    {"type": "dropout", "p": 0.2},
    {"type": "maxout", "pieces": 2},
    {"type": "linear", "units": 1}
  ],
  "optimizer": "adam",
  "lr_d": 0.0005,
  "lr_g": 0.0005,
  "seed": 3
})";

// 64 images of 12x12 in MNIST's IDX format (magic 2051, big-endian sizes, then bytes).
std::string tiny_idx_images() {
  std::string b = {0, 0, 8, 3, 0, 0, 0, 64, 0, 0, 0, 12, 0, 0, 0, 12};
  for (int i = 0; i < 64 * 144; ++i) b.push_back(char((i * 37 + i / 144 * 11) % 256));
  return b;
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// A folder of the test's own with the tiny IDX set in data/ and the user's model as mine.json.
std::string user_model_folder(const std::string& tag) {
  const std::string dir = make_temp_dir(tag);
  std::filesystem::create_directories(dir + "/data");
  write_file(dir + "/data/train-images-idx3-ubyte", tiny_idx_images());
  write_file(dir + "/mine.json", kUserModel);
  return dir;
}

}  // namespace

TEST(UserConfig, AUserWrittenModelLoadsTrainsAndSamples) {
  const std::string dir = user_model_folder("user_config");
  auto r = run_command(ganscope_bin() + " train --config " + quoted(dir + "/mine.json") +
                       " --data " + quoted(dir + "/data") + " --steps 30 --threads 1 --out " +
                       quoted(dir + "/run"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/run/checkpoint"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/run/samples.png"));
  r = run_command(ganscope_bin() + " sample --run " + quoted(dir + "/run") +
                  " --n 10 --out " + quoted(dir + "/s.idx"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 16-byte IDX header, then 10 images of 12x12 bytes
  EXPECT_EQ(std::filesystem::file_size(dir + "/s.idx"), 16u + 10u * 144u);
}

TEST(UserConfig, MalformedModelsStopWithOneClearLine) {
  const std::string dir = make_temp_dir("user_config_bad");
  std::filesystem::create_directories(dir + "/data");
  write_file(dir + "/data/train-images-idx3-ubyte", tiny_idx_images());
  struct Case {
    std::string name, json, expect;
  };
  std::string mine = kUserModel;
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = mine;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  const Case cases[] = {
      {"syntax", replaced("\"batch\": 16,", "\"batch\": 16"), "mine.json"},
      {"shape", replaced("\"units\": 288", "\"units\": 290"), "reshape"},
      {"unknown type", replaced("\"type\": \"maxout\"", "\"type\": \"maxpool\""), "maxpool"},
      {"absurd", replaced("\"lr_d\": 0.0005", "\"lr_d\": -1"), "lr_d"},
  };
  for (const Case& c : cases) {
    write_file(dir + "/mine.json", c.json);
    auto r = run_command(ganscope_bin() + " train --config " + quoted(dir + "/mine.json") +
                         " --data " + quoted(dir + "/data") + " --steps 5 --threads 1 --out " +
                         quoted(dir + "/run_" + std::to_string(&c - cases)));
    EXPECT_NE(r.exit_code, 0) << c.name;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << c.name << ": " << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir + "/run_" + std::to_string(&c - cases) + "/checkpoint"))
        << c.name;
  }
}

namespace {

// Each row's step, loss_d and loss_g: what two runs of one config must agree on exactly
// (the seconds column differs).
std::vector<std::string> losses_of(const std::string& metrics_csv) {
  std::vector<std::string> rows;
  std::istringstream in(read_file(metrics_csv));
  std::string line;
  while (std::getline(in, line)) {
    std::size_t cut = 0;
    for (int commas = 0; commas < 3 && cut != std::string::npos; ++commas) cut = line.find(',', cut + 1);
    rows.push_back(line.substr(0, cut));
  }
  return rows;
}

}  // namespace

// Issue 14, part 4: RUN/config.json is the resolved config, --set, --seed and --data
// included, so that `train --config RUN/config.json` repeats the run.
TEST(UserConfig, TheRunFolderRecordsAConfigThatRepeatsTheRun) {
  const std::string dir = user_model_folder("run_config");
  auto r = run_command(ganscope_bin() + " train --config " + quoted(dir + "/mine.json") +
                       " --data " + quoted(dir + "/data") +
                       " --set lr_g=0.002 --seed 11 --steps 30 --threads 1 --out " + quoted(dir + "/a"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(dir + "/a/config.json"), std::string::npos) << r.err;
  const std::string written = read_file(dir + "/a/config.json");
  EXPECT_NE(written.find("0.002"), std::string::npos) << written;
  // From elsewhere, with nothing but the recorded file.
  r = run_command("cd / && " + ganscope_bin() + " train --config " + quoted(dir + "/a/config.json") +
                  " --steps 30 --threads 1 --out " + quoted(dir + "/b"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto a = losses_of(dir + "/a/metrics.csv"), b = losses_of(dir + "/b/metrics.csv");
  EXPECT_GT(a.size(), 30u);
  EXPECT_EQ(a, b);
  // The seed alone changes the losses: the comparison above can fail.
  r = run_command(ganscope_bin() + " train --config " + quoted(dir + "/a/config.json") +
                  " --seed 12 --steps 30 --threads 1 --out " + quoted(dir + "/c"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(a, losses_of(dir + "/c/metrics.csv"));
  // A config.json the user left in a fresh folder is theirs: not replaced without --overwrite.
  r = run_command(ganscope_bin() + " train --config " + quoted(dir + "/mine.json") + " --data " +
                  quoted(dir + "/data") + " --steps 5 --threads 1 --out " + quoted(dir + "/a"));
  EXPECT_NE(r.exit_code, 0);
}
