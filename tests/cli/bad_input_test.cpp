// Bad input that would cost memory or time before the error, as a user hits it: every failure
// is one line on stderr naming the cause, before the allocation or the seconds it would cost.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "data/dataset.h"
#include "data/idx.h"
#include "support/test_support.h"
#include "train/trainer.h"

using namespace ganscope;
using ganscope::testing::ganscope_bin;
using ganscope::testing::line_count;
using ganscope::testing::make_temp_dir;
using ganscope::testing::run_command;
using ganscope::testing::write_file;

namespace {

void expect_error(const std::string& args, int code, const std::string& says) {
  auto r = run_command(ganscope_bin() + " " + args);
  EXPECT_EQ(r.exit_code, code) << args << "\n" << r.err;
  EXPECT_EQ(line_count(r.err), 1) << args << "\n" << r.err;
  EXPECT_NE(r.err.find(says), std::string::npos) << args << "\n" << r.err;
}

// Runs a shell command line and returns its peak resident memory in kB: wait4 reports the
// child's, its own children's included (RUSAGE_CHILDREN would be the largest of all so far).
long peak_resident_kb(const std::string& command_line) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", command_line.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  struct rusage ru {};
  EXPECT_EQ(::wait4(pid, &status, 0, &ru), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command_line;
  return ru.ru_maxrss;
}

// A tiny image model (latent 8 -> 784) saved as a checkpoint, without any training data.
std::string tiny_image_checkpoint(const std::string& dir) {
  train::Config c;
  c.name = "tiny";
  c.latent_dim = 8;
  c.batch = 4;
  train::LayerSpec linear, tanh;
  linear.type = "linear", linear.units = 784;
  tanh.type = "tanh";
  c.generator = {linear, tanh};
  linear.units = 1;
  c.discriminator = {linear};
  train::Trainer t(c, data::random_images(16, 28, 28, 1));
  t.save(dir + "/tiny.ckpt");
  return dir + "/tiny.ckpt";
}

// Convolutions of 4 million values per sample each, and almost no parameters: at batch 4096
// their activations need terabytes, which no machine has.
const char* kWideConvConfig = R"({
  "batch": 4096, "latent_dim": 4,
  "generator": [{"type": "linear", "units": 4096}, {"type": "reshape", "shape": [1, 64, 64]},
    {"type": "conv", "out_channels": 1024, "kernel": 1},
    {"type": "conv", "out_channels": 1024, "kernel": 1},
    {"type": "conv", "out_channels": 1024, "kernel": 1},
    {"type": "conv", "out_channels": 1024, "kernel": 1},
    {"type": "conv", "out_channels": 1024, "kernel": 1},
    {"type": "conv", "out_channels": 1024, "kernel": 1},
    {"type": "conv", "out_channels": 1, "kernel": 1}, {"type": "flatten"},
    {"type": "linear", "units": 2}],
  "discriminator": [{"type": "linear", "units": 1}]
})";

TEST(BadInput, BatchTimesWidthsBeyondMemoryIsRefusedBeforeAllocating) {
  const std::string dir = make_temp_dir("wide");
  write_file(dir + "/wide.json", kWideConvConfig);
  const auto t0 = std::chrono::steady_clock::now();
  expect_error("bench --config " + dir + "/wide.json --steps 1", 1,
               "wide: batch 4096 would need 1.7 TB of memory for the weights, optimizer state "
               "and activations; this machine has");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
}

TEST(BadInput, BenchBatchIsCheckedAgainstMemory) {
  auto r = run_command("GANSCOPE_MEMORY_LIMIT=1e8 " + ganscope_bin() +
                       " bench --preset mlp --batch 4096 --steps 1 --warmup 0");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("mlp: batch 4096 would need 249 MB of memory"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("this machine has 100 MB"), std::string::npos) << r.err;
}

// sample writes its images as it makes them: 100,000 images of 28x28 (314 MB as floats, as
// sample held them before) in a few MB. The child's peak resident memory tells.
TEST(BadInput, SampleStreamsAnyCountInBoundedMemory) {
  const std::string dir = make_temp_dir("stream");
  const std::string ckpt = tiny_image_checkpoint(dir);
  const std::string cmd = ganscope_bin() + " sample --checkpoint " + ckpt + " --n 100000 --out " +
                          dir + "/s.idx >/dev/null 2>&1";
  EXPECT_LT(peak_resident_kb(cmd), 150 * 1024);
  const auto shape = data::read_idx_image_shape(dir + "/s.idx");
  EXPECT_EQ(shape.count, 100000);
  EXPECT_EQ(shape.rows, 28);
  // The same samples as one call of generate makes (the first 1,024-sample chunk at least).
  data::IdxImages few =
      data::read_idx_images((run_command(ganscope_bin() + " sample --checkpoint " + ckpt +
                                         " --n 3 --out " + dir + "/few.idx"),
                             dir + "/few.idx"));
  const std::string all = ganscope::testing::read_file(dir + "/s.idx");
  EXPECT_EQ(all.substr(16, 3 * 784), std::string(few.pixels.begin(), few.pixels.end()));
}

TEST(BadInput, FcdNIsCheckedAgainstMemoryBeforeGenerating) {
  const std::string dir = make_temp_dir("fcdn");
  const std::string ckpt = tiny_image_checkpoint(dir);
  std::filesystem::create_directories(dir + "/data");
  data::IdxImages real;
  real.count = 3, real.rows = real.cols = 28;
  real.pixels.assign(3 * 784, 9);
  data::write_idx_images(dir + "/data/train-images-idx3-ubyte", real);
  auto r = run_command("GANSCOPE_MEMORY_LIMIT=1e9 " + ganscope_bin() + " fcd --checkpoint " + ckpt +
                       " --n 1000000 --data " + dir + "/data");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("--n 1000000 would need 3.4 GB of memory for the samples; this machine "
                       "has 1.0 GB"),
            std::string::npos)
      << r.err;
}

// Each file-taking option names what is wrong with the path: a folder where a file should be,
// a dangling link, a loop of links, a missing file. (Tests run as root: no permission test.)
TEST(BadInput, FileOptionsNameTheRealCause) {
  const std::string dir = make_temp_dir("paths");
  ASSERT_EQ(::symlink("nowhere", (dir + "/dangling").c_str()), 0);
  ASSERT_EQ(::symlink("loop", (dir + "/loop").c_str()), 0);
  const std::string folder = "cannot open (a folder, not a file)";
  const std::string dangling = "a symbolic link to nowhere, which does not exist";
  const std::string loop = "(a loop of symbolic links)";
  const std::string out = " --steps 1 --out " + dir + "/run";
  expect_error("train --config " + dir + out, 1, dir + ": " + folder);
  expect_error("train --config " + dir + "/loop" + out, 1, loop);
  expect_error("train --data " + dir + "/dangling" + out, 1, "cannot open the folder (" + dangling);
  expect_error("train --data " + dir + "/loop" + out, 1, "cannot open the folder " + loop);
  expect_error("train --data " + dir + "/points.csv" + out, 1, "No such file or directory");
  ASSERT_EQ(::mkdir((dir + "/points.csv").c_str(), 0700), 0);
  expect_error("train --data " + dir + "/points.csv" + out, 1, folder);
  expect_error("sample --checkpoint " + dir + " --n 1 --out " + dir + "/s.idx", 1,
               "cannot open the checkpoint (a folder, not a file)");
  expect_error("sample --checkpoint " + dir + "/dangling --n 1 --out " + dir + "/s.idx", 1,
               dangling);
  expect_error("sample --run " + dir + " --n 1 --out " + dir + "/s.idx", 1,
               dir + "/checkpoint: cannot open the checkpoint (No such file or directory)");
  expect_error("fcd --samples " + dir + "/loop", 1, loop);
  expect_error("fcd --samples " + dir, 1, folder);
  std::filesystem::create_directories(dir + "/looprun");
  ASSERT_EQ(::symlink("checkpoint", (dir + "/looprun/checkpoint").c_str()), 0);
  expect_error("train --resume " + dir + "/looprun --steps 2", 1, loop);
  EXPECT_FALSE(std::filesystem::exists(dir + "/run"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/s.idx"));
}

// Messages quote numbers as the user wrote them.
TEST(BadInput, NumbersInMessagesAreAsWritten) {
  const std::string dir = make_temp_dir("numbers");
  const std::string out = " --out " + dir + "/run";
  expect_error("train --preset ring --steps 1e3" + out, 2, "not '1e3'");
  expect_error("train --preset ring --steps 10 --autosave-every 0.00001" + out, 2,
               "'--autosave-every' must be a number from 1e-04 to 1e+06, not '0.00001'");
  write_file(dir + "/c.json", R"({"lr_d": 1.5e0, "beta1": 0.99990001,
    "generator": [{"type": "linear", "units": 2}], "discriminator": [{"type": "linear", "units": 1}]})");
  expect_error("train --config " + dir + "/c.json --data ring8 --steps 1" + out, 1,
               "'lr_d' is 1.5e0, outside 1e-09 .. 1");
  write_file(dir + "/b.json", R"({"batch": 64.0, "beta1": 0.99990001,
    "generator": [{"type": "linear", "units": 2}], "discriminator": [{"type": "linear", "units": 1}]})");
  expect_error("train --config " + dir + "/b.json --data ring8 --steps 1" + out, 1,
               "'batch' must be a whole number, not 64.0");
  write_file(dir + "/d.json", R"({"beta1": 0.99990001,
    "generator": [{"type": "linear", "units": 2}], "discriminator": [{"type": "linear", "units": 1}]})");
  expect_error("train --config " + dir + "/d.json --data ring8 --steps 1" + out, 1,
               "'beta1' is 0.99990001, outside 0 .. 0.9999");
}

}  // namespace
