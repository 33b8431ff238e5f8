// sample --out never loses a file: an existing one is replaced only with --overwrite, a run's
// own files never; an interrupted or failed sample leaves no partial file or temporary.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "support/test_support.h"

extern char** environ;

namespace {

using ganscope::testing::ganscope_bin;
using ganscope::testing::line_count;
using ganscope::testing::names_in;
using ganscope::testing::read_file;
using ganscope::testing::run_command;
namespace fs = std::filesystem;

// A trained ring run in dir/run, made once for the tests of this file.
const std::string& ring_dir() {
  static const std::string dir = [] {
    std::string d = ganscope::testing::make_temp_dir("sample-out");
    auto r = run_command(ganscope_bin() + " train --data ring8 --steps 5 --threads 1 --out " + d +
                         "/run");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return d;
  }();
  return dir;
}

TEST(SampleOutput, AnExistingFileIsReplacedOnlyWithOverwrite) {
  const std::string dir = ring_dir(), out = dir + "/mine.csv";
  ganscope::testing::write_file(out, "precious");
  auto r = run_command(ganscope_bin() + " sample --run " + dir + "/run --n 10 --out " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("--overwrite"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(out), "precious");
  r = run_command(ganscope_bin() + " sample --run " + dir + "/run --n 10 --out " + out +
                  " --overwrite");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(line_count(read_file(out)), 11);
}

TEST(SampleOutput, NeverWritesOverTheRunsOwnFiles) {
  const std::string dir = ring_dir(), run = dir + "/run";
  const std::string metrics = read_file(run + "/metrics.csv");
  for (const std::string& args :
       {" sample --run " + run + " --n 10 --overwrite --out " + run + "/metrics.csv",
        " sample --checkpoint " + run + "/checkpoint --n 10 --overwrite --out " + run + "/metrics.csv",
        " sample --run " + run + " --n 10 --overwrite --out " + run + "/../run/metrics.csv",
        " sample --run " + dir + "/nowhere --n 10 --overwrite --out " + run + "/metrics.csv"}) {
    auto r = run_command(ganscope_bin() + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(line_count(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("one of a run's own files"), std::string::npos) << r.err;
  }
  EXPECT_EQ(read_file(run + "/metrics.csv"), metrics);
}

// The name at the limit of what a file system takes: the temporary must fit too.
TEST(SampleOutput, ALongFileNameWorks) {
  const std::string dir = ring_dir();
  const std::string name = std::string(NAME_MAX - 4, 'p') + ".csv";
  auto r = run_command(ganscope_bin() + " sample --run " + dir + "/run --n 10 --out " + dir + "/" +
                       name);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir + "/" + name));
}

// SIGTERM while the samples are being written: no output, no temporary, and the process
// still ends by the signal.
TEST(SampleOutput, AnInterruptedSampleLeavesNothing) {
  const std::string dir = ring_dir(), out_dir = ganscope::testing::make_temp_dir("sample-sigterm");
  std::vector<std::string> args = {ganscope_bin(), "sample",  "--run", dir + "/run",
                                   "--n",          "5000000", "--out", out_dir + "/p.csv"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
  bool seen = false;  // the temporary: hidden, in the output's folder
  for (int i = 0; i < 20000 && !seen; ++i) {
    seen = !names_in(out_dir).empty();
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(seen) << "no temporary appeared";
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_EQ(names_in(out_dir), std::vector<std::string>{});
}

// A write that fails (here a file-size limit) is one line and leaves nothing.
TEST(SampleOutput, AFailedWriteLeavesNothing) {
  const std::string dir = ring_dir(), out_dir = ganscope::testing::make_temp_dir("sample-fsize");
  auto r = run_command("ulimit -f 64 && " + ganscope_bin() + " sample --run " + dir +
                       "/run --n 100000 --out " + out_dir + "/p.csv");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_EQ(names_in(out_dir), std::vector<std::string>{});
}

// sample --step N: G from the kept state nearest N (RUN/states every 1,000 steps), or from
// the checkpoint when that is nearer; it says which.
TEST(SampleOutput, StepTakesTheStateKeptNearest) {
  const std::string dir = ganscope::testing::make_temp_dir("sample-step");
  auto r = run_command(ganscope_bin() + " train --data ring8 --steps 2200 --threads 1 --out " + dir + "/run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(names_in(dir + "/run/states"), (std::vector<std::string>{"step-1000", "step-2000"}));
  const std::string sample = ganscope_bin() + " sample --run " + dir + "/run --n 50 --seed 3 --out " + dir;
  r = run_command(sample + "/a.csv --step 1400");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("G of step 1000, the state kept nearest step 1400"), std::string::npos) << r.err;
  r = run_command(sample + "/b.csv --step 1000");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(dir + "/a.csv"), read_file(dir + "/b.csv"));
  r = run_command(sample + "/c.csv --step 2150");
  EXPECT_NE(r.err.find("G of step 2200"), std::string::npos) << r.err;  // the checkpoint's
  r = run_command(sample + "/d.csv");
  EXPECT_EQ(read_file(dir + "/c.csv"), read_file(dir + "/d.csv"));
  EXPECT_NE(read_file(dir + "/a.csv"), read_file(dir + "/d.csv"));
  // A damaged state is the checkpoint reader's clear error, and nothing is written.
  ganscope::testing::write_file(dir + "/run/states/step-1000", "junk");
  r = run_command(sample + "/e.csv --step 900");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("step-1000"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir + "/e.csv"));
}

}  // namespace
