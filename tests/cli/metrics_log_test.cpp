#include "cli/metrics_log.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace {

using ganscope::cli::MetricsLog;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream s(text);
  for (std::string line; std::getline(s, line);) out.push_back(line);
  return out;
}

std::string row(long long step) {
  ganscope::train::MetricRow r;
  r.step = step;
  return MetricsLog::format(r);
}

// A kill -9 after the last checkpoint can leave a cut row at the end: "13,0.6" cut to "1"
// must not come back as a second step 1. Resuming at step 12 keeps rows 1-12, each once.
TEST(MetricsLog, ResumeDropsACutRowThatLooksLikeAnEarlierStep) {
  const std::string path = ganscope::testing::make_temp_dir("metrics") + "/metrics.csv";
  std::string text = MetricsLog::header();
  for (int s = 1; s <= 14; ++s) text += row(s);
  text += "1";  // what was left of row 15
  ganscope::testing::write_file(path, text);
  { MetricsLog log(path, 12, {}); }
  auto lines = lines_of(ganscope::testing::read_file(path));
  ASSERT_EQ(lines.size(), 13u);
  for (int s = 1; s <= 12; ++s) EXPECT_EQ(std::stoll(lines[std::size_t(s)]), s);

  // A cut row in the middle (a partly written file) ends what is read; the checkpoint's
  // history fills the rest.
  text = MetricsLog::header() + row(1) + row(2) + "3,0.5\n" + row(4);
  ganscope::testing::write_file(path, text);
  std::vector<ganscope::train::MetricRow> history(4);
  for (int s = 0; s < 4; ++s) history[std::size_t(s)].step = s + 1;
  { MetricsLog log(path, 4, history); }
  lines = lines_of(ganscope::testing::read_file(path));
  ASSERT_EQ(lines.size(), 5u);
  for (int s = 1; s <= 4; ++s) EXPECT_EQ(std::stoll(lines[std::size_t(s)]), s);
  EXPECT_EQ(lines[3], row(3).substr(0, row(3).size() - 1));  // from the history, complete
}

}  // namespace
