// Steering a headless run through RUN/control.json (train/run_control.h): a learning-rate
// change is applied between steps and acknowledged in metrics.csv's change column, a pause
// stops the steps, a save order saves at once, a bad setting changes nothing, and the run
// still ends cleanly on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/test_support.h"
#include "train/checkpoint.h"

namespace {

using namespace std::chrono_literals;
using ganscope::testing::ganscope_bin;

// The file's whole lines (a row still being written has no newline yet), split at commas.
std::vector<std::vector<std::string>> csv_rows(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  std::vector<std::vector<std::string>> rows;
  std::size_t start = 0;
  for (std::size_t end; (end = all.find('\n', start)) != std::string::npos; start = end + 1) {
    std::vector<std::string> cells(1);
    for (std::size_t i = start; i < end; ++i) {
      if (all[i] == ',') cells.emplace_back();
      else cells.back().push_back(all[i]);
    }
    rows.push_back(cells);
  }
  return rows;
}

std::int64_t saved_step(const std::string& run) {
  try {
    std::istringstream state(ganscope::train::CheckpointReader(run + "/checkpoint").get("state"));
    std::int64_t step = -1;
    state >> step;
    return step;
  } catch (const std::exception&) {
    return -1;
  }
}

TEST(RunControlCommand, ALearningRateChangeIsAppliedAndAcknowledged) {
  const std::string dir = ganscope::testing::make_temp_dir("steer"), run = dir + "/run";
  const pid_t pid = ganscope::testing::spawn_quiet(
      {ganscope_bin(), "train", "--preset", "ring", "--steps", "100000000", "--threads", "1", "--out", run});
  ASSERT_GT(pid, 0);
  const std::string metrics = run + "/metrics.csv", control = run + "/control.json";
  ASSERT_TRUE(ganscope::testing::eventually([&] { return csv_rows(metrics).size() > 50; }));
  ganscope::testing::write_file(control, R"({"seq": 1, "settings": {"lr_d": 0.0005}})");
  ASSERT_TRUE(ganscope::testing::eventually([&] {
    for (const auto& r : csv_rows(metrics))
      if (r.back().find("lr_d 0.001 -> 0.0005") != std::string::npos) return true;
    return false;
  })) << "no acknowledgement in metrics.csv";
  // Paused: no rows come; a save order saves the step it stopped at.
  ganscope::testing::write_file(control, R"({"seq": 1, "settings": {"lr_d": 0.0005}, "paused": true, "save": 1})");
  ASSERT_TRUE(ganscope::testing::eventually([&] { return saved_step(run) > 50; }));
  const std::size_t rows_paused = csv_rows(metrics).size();
  std::this_thread::sleep_for(700ms);
  EXPECT_EQ(csv_rows(metrics).size(), rows_paused);
  EXPECT_EQ(std::int64_t(rows_paused) - 1, saved_step(run));  // the header, then a row a step
  // A setting out of range is refused; the pause is lifted all the same.
  ganscope::testing::write_file(control, R"({"seq": 2, "settings": {"lr_g": 3}, "paused": false})");
  ASSERT_TRUE(ganscope::testing::eventually([&] { return csv_rows(metrics).size() > rows_paused + 50; }));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const auto rows = csv_rows(metrics);
  ASSERT_GT(rows.size(), rows_paused);
  EXPECT_EQ(rows[0].back(), "change");
  std::size_t changed = 0, changes = 0;
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (!rows[i].back().empty()) changed = i, ++changes;
  EXPECT_EQ(changes, 1u);  // the refused settings made no mark
  EXPECT_EQ(rows[changed - 1][7], "0.001");
  EXPECT_EQ(rows[changed][7], "0.0005");   // lr_d from the row that acknowledges it
  EXPECT_EQ(rows.back()[7], "0.0005");
  EXPECT_EQ(rows.back()[8], "0.001");      // lr_g as it was
}

}  // namespace
