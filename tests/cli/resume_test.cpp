// Nothing is lost: resume, interruption, kill -9 at random moments, divergence.
#include <gtest/gtest.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "support/test_support.h"
#include "train/checkpoint.h"
#include "train/trainer.h"


using namespace ganscope;
using ganscope::testing::ganscope_bin;
using ganscope::testing::run_command;

namespace {

// metrics.csv without its "seconds" column (wall-clock time differs from run to run).
std::vector<std::string> metric_rows(const std::string& csv_path) {
  std::ifstream f(csv_path);
  std::vector<std::string> rows;
  std::string line;
  while (std::getline(f, line)) {
    std::size_t start = 0;
    for (int field = 0; field < 9 && start != std::string::npos; ++field) start = line.find(',', start) + 1;
    std::size_t end = line.find(',', start);
    rows.push_back(line.substr(0, start) + (end == std::string::npos ? "" : line.substr(end + 1)));
  }
  return rows;
}


std::int64_t checkpoint_step(const std::string& run) {
  train::CheckpointReader r(run + "/checkpoint");
  std::istringstream state(r.get("state"));
  std::int64_t step = -1;
  state >> step;
  return step;
}

TEST(Resume, HundredPlusHundredEqualsTwoHundredStraight) {
  std::string dir = ganscope::testing::make_temp_dir("resume");
  auto r = run_command(ganscope_bin() + " train --data ring8 --steps 200 --threads 1 --out " + dir +
                       "/straight");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(ganscope_bin() + " train --data ring8 --steps 100 --threads 1 --out " + dir +
                  "/split");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(ganscope_bin() + " train --resume " + dir + "/split --steps 200 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto a = metric_rows(dir + "/straight/metrics.csv"), b = metric_rows(dir + "/split/metrics.csv");
  ASSERT_EQ(a.size(), 201u);
  EXPECT_EQ(a, b);
  // And the weights: the same samples from both.
  r = run_command(ganscope_bin() + " sample --run " + dir + "/straight --n 100 --out " + dir +
                  "/a.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(ganscope_bin() + " sample --run " + dir + "/split --n 100 --out " + dir +
                  "/b.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ganscope::testing::read_file(dir + "/a.csv"), ganscope::testing::read_file(dir + "/b.csv"));
}

// metrics.csv lost (or cut short): the rows rebuilt from the checkpoint's history are the
// rows first written, quality columns (every 100 steps for 2D data) and seconds included.
TEST(Resume, RebuiltMetricsEqualTheOriginalRows) {
  std::string dir = ganscope::testing::make_temp_dir("rebuild");
  auto r = run_command(ganscope_bin() + " train --data ring8 --steps 250 --threads 1 --out " + dir +
                       "/run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string original = ganscope::testing::read_file(dir + "/run/metrics.csv");
  ASSERT_NE(original.find("\n100,"), std::string::npos);
  std::filesystem::remove(dir + "/run/metrics.csv");
  r = run_command(ganscope_bin() + " train --resume " + dir + "/run --steps 250 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ganscope::testing::read_file(dir + "/run/metrics.csv"), original);
}

TEST(Resume, UsageMistakesAreRefused) {
  std::string dir = ganscope::testing::make_temp_dir("resume-bad");
  auto r = run_command(ganscope_bin() + " train --resume " + dir + "/none --steps 10");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nothing to resume"), std::string::npos) << r.err;
  r = run_command(ganscope_bin() + " train --data ring8 --steps 5 --threads 1 --out " + dir +
                  "/run");
  ASSERT_EQ(r.exit_code, 0);
  r = run_command(ganscope_bin() + " train --resume " + dir + "/run --preset mlp --steps 10");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--preset does not apply"), std::string::npos) << r.err;
}

TEST(Resume, SigtermSavesEverything) {
  std::string dir = ganscope::testing::make_temp_dir("sigterm");
  pid_t pid =
      ganscope::testing::spawn_quiet({ganscope_bin(), "train", "--data", "ring8", "--steps",
                                      "100000000", "--threads", "1", "--out", dir + "/run"});
  ASSERT_GT(pid, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  std::int64_t step = checkpoint_step(dir + "/run");
  EXPECT_GT(step, 0);
  EXPECT_EQ(metric_rows(dir + "/run/metrics.csv").size(), std::size_t(step + 1));
  EXPECT_TRUE(std::filesystem::exists(dir + "/run/samples.png"));
  // layers.csv ends with the rows of the step saved.
  const std::string layers = ganscope::testing::read_file(dir + "/run/layers.csv");
  const std::size_t last_row = layers.rfind('\n', layers.size() - 2) + 1;
  EXPECT_EQ(std::atoll(layers.c_str() + last_row), step);
  // Nothing else: no temporary of an interrupted write.
  std::vector<std::string> files = {".lock",       "checkpoint", "config.json", "frames",
                                    "layers.csv", "metrics.csv", "run-id",      "samples.png"};
  if (step >= 1000) files.push_back("states");  // a state every 1,000 steps
  EXPECT_EQ(ganscope::testing::names_in(dir + "/run"), files);
  for (std::int64_t k = 1000; k <= step; k += 1000)
    EXPECT_TRUE(std::filesystem::exists(dir + "/run/states/step-" + std::to_string(k))) << k;
  if (step >= 1000) EXPECT_EQ(ganscope::testing::names_in(dir + "/run/states").size(), std::size_t(step / 1000));
}

// kill -9 at 30 random moments of a run that autosaves every 0.05 s: every time, the latest
// checkpoint loads, its step never goes backwards, and the run resumes from it.
TEST(Resume, SurvivesKillNineAtRandomMoments) {
  std::string dir = ganscope::testing::make_temp_dir("kill9");
  std::string run = dir + "/run";
  std::mt19937 rng(12345);
  std::int64_t last_step = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(150);
  for (int round = 0; round < 30; ++round) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "kill test ran out of time at round " << round;
    std::vector<std::string> args = {ganscope_bin(), "train", "--steps", "100000000", "--threads",
                                     "1", "--autosave-every", "0.0008"};
    if (round == 0) {
      for (auto a : {"--data", "ring8", "--out"}) args.push_back(a);
      args.push_back(run);
    } else {
      args.push_back("--resume");
      args.push_back(run);
    }
    pid_t pid = ganscope::testing::spawn_quiet(args);
    ASSERT_GT(pid, 0);
    // The first round waits for a first checkpoint; later ones always have one to resume.
    if (round == 0)
      for (int i = 0; i < 1000 && !std::filesystem::exists(run + "/checkpoint"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 700)(rng)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "round " << round << ": the run ended before the kill";

    std::int64_t step = -1;
    ASSERT_NO_THROW(step = checkpoint_step(run)) << "round " << round;
    EXPECT_GE(step, last_step) << "round " << round;
    last_step = step;
    auto t = train::Trainer::open(train::parse_config(train::CheckpointReader(run + "/checkpoint").get("config"), "ckpt"));
    ASSERT_NO_THROW(t->load(run + "/checkpoint")) << "round " << round;
  }
  EXPECT_GT(last_step, 0);
  // Finally the run completes normally from where it was.
  auto r = run_command(ganscope_bin() + " train --resume " + run + " --threads 1 --steps " +
                       std::to_string(last_step + 50));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(checkpoint_step(run), last_step + 50);
  auto rows = metric_rows(run + "/metrics.csv");
  ASSERT_EQ(rows.size(), std::size_t(last_step + 51));
  for (std::size_t i = 1; i < rows.size(); ++i)
    ASSERT_EQ(std::stoll(rows[i]), std::int64_t(i)) << "metrics.csv must hold each step once, in order";
}

TEST(Resume, DivergenceSavesTheLastGoodState) {
  std::string dir = ganscope::testing::make_temp_dir("diverge");
  std::string cfg = ganscope::testing::read_file(ganscope::testing::source_dir() + "/assets/presets/ring.json");
  for (auto key : {"\"lr_d\": 0.001", "\"lr_g\": 0.001"}) {
    auto at = cfg.find(key);
    ASSERT_NE(at, std::string::npos);
    cfg.replace(at, std::string(key).size(), std::string(key).substr(0, 8) + "1.0");
  }
  ganscope::testing::write_file(dir + "/wild.json", cfg);
  auto r = run_command(ganscope_bin() + " train --config " + dir +
                       "/wild.json --steps 5000 --threads 1 --out " + dir + "/run");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("diverged"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("last good state"), std::string::npos) << r.err;
  auto t = train::Trainer::open(train::parse_config(cfg, "wild"));
  ASSERT_NO_THROW(t->load(dir + "/run/checkpoint"));
  EXPECT_TRUE(std::isfinite(t->last().loss_d));
  EXPECT_LT(t->steps(), 5000);
}

}  // namespace
