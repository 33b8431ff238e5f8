// One process at a time per run folder: a second train of a folder in use says who holds it
// and writes nothing; the lock of a process killed with -9 is gone with it.
#include <gtest/gtest.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <algorithm>
#include <filesystem>
#include <thread>

#include "support/test_support.h"


namespace {

using ganscope::testing::ganscope_bin;
using ganscope::testing::read_file;
using ganscope::testing::run_command;
namespace fs = std::filesystem;

// A long ring run in run, once it holds the lock and has its first checkpoint.
pid_t start_long_run(const std::string& run) {
  const pid_t pid =
      ganscope::testing::spawn_quiet({ganscope_bin(), "train", "--data", "ring8", "--steps",
                                      "100000000", "--threads", "1", "--out", run});
  for (int i = 0; i < 1000 && !fs::exists(run + "/metrics.csv"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return pid;
}

int stop(pid_t pid, int sig) {
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

TEST(RunLock, ASecondTrainOfARunInUseNamesTheHolderAndWritesNothing) {
  const std::string dir = ganscope::testing::make_temp_dir("lock");
  const std::string run = dir + "/run";
  const pid_t holder = start_long_run(run);
  ASSERT_GT(holder, 0);
  ASSERT_TRUE(fs::exists(run + "/checkpoint"));
  const std::string run_id = read_file(run + "/run-id");
  for (const std::string& args : {" train --resume " + run + " --steps 50 --threads 1",
                                 " train --data ring8 --steps 50 --threads 1 --overwrite --out " + run}) {
    auto r = run_command(ganscope_bin() + args);
    EXPECT_EQ(r.exit_code, 1) << args;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("in use by pid " + std::to_string(holder) + " ("), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--out " + run + ") since "), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "") << "the second process started training";
  }
  EXPECT_EQ(read_file(run + "/run-id"), run_id);
  const int status = stop(holder, SIGTERM);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  // The holder gone, the run is free again.
  auto r = run_command(ganscope_bin() + " train --resume " + run + " --steps 1 --threads 1");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(RunLock, KillNineLeavesNoStaleLock) {
  const std::string dir = ganscope::testing::make_temp_dir("lock-kill");
  const std::string run = dir + "/run";
  const pid_t holder = start_long_run(run);
  ASSERT_GT(holder, 0);
  ASSERT_TRUE(WIFSIGNALED(stop(holder, SIGKILL)));
  EXPECT_TRUE(fs::exists(run + "/.lock"));  // the file stays; the lock went with the process
  auto r = run_command(ganscope_bin() + " train --resume " + run + " --steps 20 --threads 1");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
