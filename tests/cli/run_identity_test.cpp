// A run folder holds one run: a checkpoint copied in from another run is refused on resume;
// checkpoints and folders of before run identities still resume.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "support/test_support.h"
#include "train/checkpoint.h"

namespace {

using namespace ganscope;
using ganscope::testing::ganscope_bin;
using ganscope::testing::read_file;
using ganscope::testing::run_command;
namespace fs = std::filesystem;

// Trains a ring run of `steps` steps in the folder run and returns its run id.
std::string trained_ring_id(const std::string& run, int steps) {
  auto r = run_command(ganscope_bin() + " train --data ring8 --steps " + std::to_string(steps) +
                       " --threads 1 --out " + run);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return read_file(run + "/run-id");
}

std::string checkpoint_run_id(const std::string& path) {
  train::CheckpointReader r(path);
  return r.has("run_id") ? r.get("run_id") : "";
}

// The checkpoint as this ganscope wrote it before run identities and quality history.
void make_legacy(const std::string& path) {
  train::CheckpointReader r(path);
  train::CheckpointWriter w;
  for (const char* name : {"config", "state", "G", "D", "G.optimizer", "D.optimizer", "data_shape",
                           "rng", "sampler", "fixed_latents", "history", "marks"})
    w.add(name, r.get(name));
  w.write(path);
}

TEST(RunIdentity, ACheckpointFromAnotherRunIsRefusedInOneLine) {
  const std::string dir = ganscope::testing::make_temp_dir("identity");
  const std::string a_id = trained_ring_id(dir + "/a", 20);
  const std::string b_id = trained_ring_id(dir + "/b", 30);
  EXPECT_NE(a_id, b_id);
  EXPECT_EQ(checkpoint_run_id(dir + "/a/checkpoint") + "\n", a_id);
  fs::copy_file(dir + "/b/checkpoint", dir + "/a/checkpoint", fs::copy_options::overwrite_existing);
  const std::string metrics = read_file(dir + "/a/metrics.csv");
  auto r = run_command(ganscope_bin() + " train --resume " + dir + "/a --steps 40 --threads 1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("is from another run"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir + "/a/metrics.csv"), metrics);
}

TEST(RunIdentity, KeptAcrossResume) {
  const std::string dir = ganscope::testing::make_temp_dir("identity-kept");
  const std::string id = trained_ring_id(dir + "/run", 10);
  auto r = run_command(ganscope_bin() + " train --resume " + dir + "/run --steps 20 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(dir + "/run/run-id"), id);
  EXPECT_EQ(checkpoint_run_id(dir + "/run/checkpoint") + "\n", id);
}

TEST(RunIdentity, LegacyCheckpointsResume) {
  const std::string dir = ganscope::testing::make_temp_dir("identity-legacy");
  // A legacy checkpoint in a folder that records an id: the folder's id is adopted.
  const std::string id = trained_ring_id(dir + "/run", 10);
  make_legacy(dir + "/run/checkpoint");
  auto r = run_command(ganscope_bin() + " train --resume " + dir + "/run --steps 20 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(checkpoint_run_id(dir + "/run/checkpoint") + "\n", id);
  // A whole legacy folder: the run gets an id, recorded in both.
  make_legacy(dir + "/run/checkpoint");
  fs::remove(dir + "/run/run-id");
  r = run_command(ganscope_bin() + " train --resume " + dir + "/run --steps 30 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string fresh = read_file(dir + "/run/run-id");
  EXPECT_EQ(fresh.size(), 33u);
  EXPECT_EQ(checkpoint_run_id(dir + "/run/checkpoint") + "\n", fresh);
}

// A run that died before its first checkpoint left files: a new run does not replace them
// without --overwrite.
TEST(RunIdentity, FreshTrainRefusesAnotherRunsLeftovers) {
  const std::string dir = ganscope::testing::make_temp_dir("identity-leftover");
  trained_ring_id(dir + "/run", 5);
  fs::remove(dir + "/run/checkpoint");
  auto r = run_command(ganscope_bin() + " train --data ring8 --steps 5 --threads 1 --out " + dir +
                       "/run");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("metrics.csv already exists"), std::string::npos) << r.err;
  r = run_command(ganscope_bin() + " train --data ring8 --steps 5 --threads 1 --overwrite --out " +
                  dir + "/run");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
