// The command line as scripts use it: exit codes, one-line errors, files written (or not).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "data/idx.h"
#include "support/test_support.h"

using namespace ganscope;
using ganscope::testing::csv_fields;
using ganscope::testing::ganscope_bin;
using ganscope::testing::line_count;
using ganscope::testing::run_command;

namespace {

void expect_usage_error(const std::string& args, const std::string& says) {
  auto r = run_command(ganscope_bin() + " " + args);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
  EXPECT_EQ(line_count(r.err), 1) << args << "\n" << r.err;
  EXPECT_NE(r.err.find(says), std::string::npos) << args << "\n" << r.err;
}

TEST(Cli, UsageErrors) {
  std::string out = ganscope::testing::make_temp_dir("usage") + "/run";
  expect_usage_error("train --preset mlp --steps -5 --out " + out, "--steps");
  expect_usage_error("train --preset mlp --steps 10 --bogus 1 --out " + out, "unknown option '--bogus'");
  expect_usage_error("train --preset mlp --out " + out, "'--steps' is required");
  expect_usage_error("train --preset mlp --steps 1e3 --out " + out, "whole number");
  expect_usage_error("sample --n 10 --out x.idx", "--run");
  expect_usage_error("frobnicate", "unknown command");
  EXPECT_FALSE(std::filesystem::exists(out)) << "a failed command must leave no files";
}

TEST(Cli, UnknownPresetAndMissingDataAreClearErrors) {
  std::string out = ganscope::testing::make_temp_dir("missing") + "/run";
  auto r = run_command(ganscope_bin() + " train --preset nope --steps 10 --out " + out);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("unknown preset 'nope'"), std::string::npos) << r.err;
  r = run_command(ganscope_bin() +
                  " train --preset mlp --data /nonexistent/fashion --steps 10 --out " + out);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/fashion"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(Cli, MissingDefaultDataNamesThePathAndThePackage) {
  std::string out = ganscope::testing::make_temp_dir("nofashion") + "/run";
  auto r = run_command("GANSCOPE_FASHION_MNIST_DIR=/nonexistent/fmnist " + ganscope_bin() +
                       " train --preset mlp --steps 10 --out " + out);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/fmnist"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dataset-fashion-mnist"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  // With no preset at all, the default falls back to the 2D ring and says why.
  r = run_command("GANSCOPE_FASHION_MNIST_DIR=/nonexistent/fmnist " + ganscope_bin() +
                  " train --steps 5 --threads 1 --out " + out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("2D ring"), std::string::npos) << r.err;
}

TEST(Cli, HelpForEveryCommand) {
  for (std::string cmd : {"train", "sample", "bench", "fcd", "gui"}) {
    auto r = run_command(ganscope_bin() + " " + cmd + " --help");
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("usage: ganscope"), std::string::npos) << cmd;
  }
}

TEST(Cli, TrainThenSampleRing) {
  std::string dir = ganscope::testing::make_temp_dir("ring");
  auto r = run_command(ganscope_bin() + " train --data ring8 --steps 200 --threads 1 --out " + dir +
                       "/run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (auto f : {"metrics.csv", "checkpoint", "samples.png"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/run/" + f)) << f;
  std::string csv = ganscope::testing::read_file(dir + "/run/metrics.csv");
  EXPECT_EQ(csv.rfind("step,loss_d,loss_g,d_real,d_fake", 0), 0u);
  EXPECT_NE(csv.find(",modes_captured,high_quality,reverse_kl,kl,js,wasserstein,penalty,precision,recall,r_t,d_seen,d_heldout,alarm,fcd,fcd_low,fcd_high,classes,change\n"), std::string::npos);
  EXPECT_EQ(line_count(csv), 201);
  // Quality is measured every 100 steps: row 100 has it, row 99 leaves it empty.
  auto row = [&](int step) {
    std::size_t at = csv.find("\n" + std::to_string(step) + ",");
    return csv.substr(at + 1, csv.find('\n', at + 1) - at - 1);
  };
  // Row 99: every quality column, the game's two (the BCE game has neither) and precision and
  // recall empty. Row 100: the quality and precision and recall filled, the game's still empty.
  // r_t on every row; D's held-out scores never (the ring holds nothing out), nor an alarm,
  // nor the image columns.
  const auto r99 = csv_fields(row(99)), r100 = csv_fields(row(100));
  ASSERT_EQ(r99.size(), 28u) << row(99);
  ASSERT_EQ(r100.size(), 28u) << row(100);
  for (std::size_t k = 10; k < 19; ++k) EXPECT_EQ(r99[k], "") << k << ": " << row(99);
  for (const auto* r : {&r99, &r100}) {
    EXPECT_GE(std::stod((*r)[19]), -1) << row(100);
    EXPECT_LE(std::stod((*r)[19]), 1) << row(100);
    EXPECT_EQ((*r)[20], "");
    EXPECT_EQ((*r)[21], "");
    for (std::size_t k = 22; k < 27; ++k) EXPECT_EQ((*r)[k], "") << k;
  }
  EXPECT_EQ(r100[15], "") << row(100);
  EXPECT_EQ(r100[16], "") << row(100);
  const int modes = std::stoi(r100[10]);
  for (std::size_t k : {17u, 18u}) {
    const double v = std::stod(r100[k]);
    EXPECT_GE(v, 0) << row(100);
    EXPECT_LE(v, 1) << row(100);
  }
  EXPECT_GE(modes, 0) << r100[10];
  EXPECT_LE(modes, 8) << r100[10];

  r = run_command(ganscope_bin() + " sample --run " + dir + "/run --n 2500 --out " + dir +
                  "/p.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(line_count(ganscope::testing::read_file(dir + "/p.csv")), 2501);
  r = run_command(ganscope_bin() + " sample --run " + dir + "/run --n 10 --out " + dir + "/p.idx");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(".csv"), std::string::npos);
  // Running again into the same folder must not silently replace the checkpoint.
  r = run_command(ganscope_bin() + " train --data ring8 --steps 5 --out " + dir + "/run");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--overwrite"), std::string::npos);
}

TEST(Cli, TrainThenSampleImagesAsIdx) {
  // Small image data written by the test, in MNIST's own format.
  std::string dir = ganscope::testing::make_temp_dir("img");
  data::IdxImages imgs;
  imgs.count = 200;
  imgs.rows = imgs.cols = 28;
  imgs.pixels.resize(200 * 784);
  for (std::size_t i = 0; i < imgs.pixels.size(); ++i) imgs.pixels[i] = std::uint8_t((i * 7) % 256);
  data::write_idx_images(dir + "/train-images-idx3-ubyte.gz", imgs);
  auto r = run_command(ganscope_bin() + " train --preset mlp --data " + dir +
                       " --steps 20 --threads 1 --out " + dir + "/run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(ganscope_bin() + " sample --run " + dir + "/run --n 50 --out " + dir + "/s.idx");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto back = data::read_idx_images(dir + "/s.idx");
  EXPECT_EQ(back.count, 50);
  EXPECT_EQ(back.rows, 28);
  EXPECT_EQ(back.cols, 28);
}

// --set KEY=VALUE on train and bench, through the config reader: the run plays the game asked
// for (the checkpoint's config says so, metrics.csv fills the game's column), and a bad key
// or value is one line naming it, with nothing written.
TEST(Cli, SetOverridesAnyConfigKey) {
  const std::string dir = ganscope::testing::make_temp_dir("set");
  auto r = run_command(ganscope_bin() +
                       " train --preset ring --set objective=wgan --set clip=0.02 --set lr_d=5e-4"
                       " --steps 3 --threads 1 --out " +
                       dir + "/run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Row 2 of a run's metrics.csv.
  const auto row2 = [&](const std::string& run) {
    const std::string csv = ganscope::testing::read_file(run + "/metrics.csv");
    const auto at = csv.find("\n2,") + 1;
    return csv.substr(at, csv.find('\n', at) - at);
  };
  // Whether the game's columns, wasserstein and penalty, are filled.
  const auto last_columns = [](const std::string& row) {
    const auto f = csv_fields(row);
    return std::make_pair(f.size() > 16 && !f[15].empty(), f.size() > 16 && !f[16].empty());
  };
  EXPECT_EQ(last_columns(row2(dir + "/run")), std::make_pair(true, false))
      << "wgan fills the wasserstein column only: " << row2(dir + "/run");
  EXPECT_NE(row2(dir + "/run").find(",0.0005,"), std::string::npos) << row2(dir + "/run");
  r = run_command(ganscope_bin() +
                  " train --preset ring --set objective=wgan-gp --steps 3 --threads 1 --out " +
                  dir + "/gp");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(last_columns(row2(dir + "/gp")), std::make_pair(true, true))
      << "wgan-gp fills both: " << row2(dir + "/gp");
  // A penalty needs D's second derivatives, which BatchNorm (dcgan's D) has not.
  r = run_command(ganscope_bin() +
                  " train --preset dcgan --set objective=wgan-gp --steps 1 --out " + dir + "/bn");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("gp needs the second derivatives of D, which D's BatchNorm2d(128) (layer 4)"),
            std::string::npos) << r.err;
  r = run_command(ganscope_bin() +
                  " bench --preset ring --set objective=hinge --steps 5 --warmup 1 --threads 1");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const auto& [set, says] : std::vector<std::pair<std::string, std::string>>{
           {"objective=wgan-xp", "--set objective=wgan-xp: unknown objective 'wgan-xp' (known: "},
           {"lr_d=-1", "--set lr_d=-1: 'lr_d' is -1"},
           {"label_smoothing=-0.1", "'label_smoothing' is -0.1"},
           {"gp=-1", "'gp' is -1"},
           {"colour=red", "unknown key 'colour'"},
           {"lr_d", "takes KEY=VALUE"}}) {
    r = run_command(ganscope_bin() + " train --preset ring --set " + set + " --steps 3 --out " +
                    dir + "/bad");
    EXPECT_NE(r.exit_code, 0) << set;
    EXPECT_EQ(line_count(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    r = run_command(ganscope_bin() + " bench --preset ring --set " + set + " --steps 3");
    EXPECT_NE(r.exit_code, 0) << set;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/bad"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/bn"));
  r = run_command(ganscope_bin() + " train --resume " + dir +
                  "/run --set objective=hinge --steps 6");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--set does not apply"), std::string::npos) << r.err;
}

TEST(Cli, BenchPrintsTheContractLine) {
  auto r = run_command(ganscope_bin() + " bench --preset ring --steps 20 --warmup 2 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto last = r.out.substr(r.out.rfind("ring: "));
  EXPECT_NE(last.find(" steps/s, "), std::string::npos) << r.out;
  EXPECT_NE(last.find(" GFLOP/s"), std::string::npos) << r.out;
}

// Every preset benches, the conditional ones too (their random images get random labels).
TEST(Cli, BenchRunsTheConditionalPresets) {
  auto r = run_command(ganscope_bin() + " bench --preset cgan --steps 2 --warmup 0 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("cgan: "), std::string::npos) << r.out;
}

}  // namespace
