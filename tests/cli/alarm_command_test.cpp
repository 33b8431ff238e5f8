// Alarms in a headless run: a ring run built to let D win (lr_d 0.1 and the minimax loss)
// says so on stderr and marks the step in metrics.csv's alarm column; the preset's own run
// raises none. The alarm survives a resume, and is not raised twice for the same trouble. A
// run built to collapse raises "collapse suspected".
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_support.h"

using ganscope::testing::make_temp_dir;
using ganscope::testing::read_file;
using ganscope::testing::run_command;

namespace {

// The (step, alarm) of each row of metrics.csv that has an alarm (column 22).
std::vector<std::pair<long long, std::string>> alarm_rows(const std::string& csv) {
  std::vector<std::pair<long long, std::string>> out;
  std::size_t at = csv.find('\n') + 1;  // past the header
  while (at < csv.size()) {
    const std::size_t end = csv.find('\n', at);
    const std::vector<std::string> fields = ganscope::testing::csv_fields(csv.substr(at, end - at));
    if (fields.size() > 22 && !fields[22].empty()) out.emplace_back(std::stoll(fields[0]), fields[22]);
    at = end + 1;
  }
  return out;
}

// The command line that trains the ring preset on one thread, with args.
std::string train_ring_command(const std::string& args) {
  return ganscope::testing::ganscope_bin() + " train --preset ring --threads 1 " + args;
}

TEST(AlarmCommand, ARunWhereDWinsMarksItOnce) {
  const std::string dir = make_temp_dir("alarm") + "/run";
  const std::string broken = "--set lr_d=0.1 --set objective=minimax --out " + dir;
  const auto r = run_command(train_ring_command("--steps 1500 " + broken));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("ganscope train: step 1000: D has won"), std::string::npos) << r.err;
  // The warning holds at 1,500 too: the same alarm is not raised again.
  EXPECT_EQ(alarm_rows(read_file(dir + "/metrics.csv")),
            (std::vector<std::pair<long long, std::string>>{{1000, "d-won"}}));
  // Resumed, the rebuilt file keeps the alarm, and the raiser remembers it.
  const auto resumed = run_command(ganscope::testing::ganscope_bin() + " train --resume " + dir +
                                   " --steps 2000 --threads 1");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(resumed.err.find("D has won"), std::string::npos) << resumed.err;
  EXPECT_EQ(alarm_rows(read_file(dir + "/metrics.csv")),
            (std::vector<std::pair<long long, std::string>>{{1000, "d-won"}}));
}

TEST(AlarmCommand, AHealthyRunRaisesNone) {
  const std::string dir = make_temp_dir("no_alarm") + "/run";
  const auto r = run_command(train_ring_command("--steps 1500 --out " + dir));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(alarm_rows(read_file(dir + "/metrics.csv")).empty());
}

}  // namespace

// Lesson 3's run (lr 0.01, batch 64) covers 2-5 of the ring's 8 modes throughout: by the
// check of step 3,000 or 3,500 the collapse watch says so, on stderr and in the alarm column,
// once. (Which of the two depends on the build: a sanitizer build's floats take another path.)
TEST(AlarmCommand, ARunBuiltToCollapseRaisesCollapseSuspected) {
  const std::string dir = make_temp_dir("collapse_alarm") + "/run";
  const auto r = run_command(train_ring_command(
      "--steps 3500 --seed 1 --set lr_d=0.01 --set lr_g=0.01 --set batch=64 --out " + dir));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(": Collapse suspected: "), std::string::npos) << r.err;
  const auto alarms = alarm_rows(read_file(dir + "/metrics.csv"));
  ASSERT_EQ(alarms.size(), 1u) << r.err;
  EXPECT_EQ(alarms[0].second, "collapse-suspected");
  EXPECT_TRUE(alarms[0].first == 3000 || alarms[0].first == 3500) << alarms[0].first;
  EXPECT_NE(r.err.find("step " + std::to_string(alarms[0].first) + ": Collapse suspected"),
            std::string::npos) << r.err;
}
