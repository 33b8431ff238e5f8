// Image quality in a headless run: train --fcd-every N measures G's images every N steps on the
// window's classifier (train/image_quality.h) and writes the distance, its bootstrap band,
// precision, recall and the classes' spread into metrics.csv; a resume rebuilds those rows
// from the checkpoint and goes on measuring. About 6 s (the classifier's training, once per
// process).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_support.h"

using ganscope::testing::csv_fields;
using ganscope::testing::make_temp_dir;
using ganscope::testing::read_file;
using ganscope::testing::run_command;

namespace {

std::vector<std::string> row_of(const std::string& csv, int step) {
  const std::size_t at = csv.find("\n" + std::to_string(step) + ",");
  if (at == std::string::npos) return {};
  return csv_fields(csv.substr(at + 1, csv.find('\n', at + 1) - at - 1));
}

// Columns 17-18 (precision, recall) and 23-26 (fcd, fcd_low, fcd_high, classes).
void expect_measured(const std::vector<std::string>& r, int step) {
  ASSERT_EQ(r.size(), 28u) << step;
  const double fcd = std::stod(r[23]), low = std::stod(r[24]), high = std::stod(r[25]);
  EXPECT_GT(fcd, 0) << step;
  EXPECT_LE(low, high) << step;
  EXPECT_LT(high - low, fcd) << step;  // the band is about the distance, narrower than it
  for (std::size_t k : {17u, 18u}) {
    EXPECT_GE(std::stod(r[k]), 0) << step;
    EXPECT_LE(std::stod(r[k]), 1) << step;
  }
  EXPECT_GE(std::stod(r[26]), 1) << step;
  EXPECT_LE(std::stod(r[26]), 10) << step;
}

}  // namespace

TEST(ImageQualityCommand, MeasuresEveryNStepsAndAResumeKeepsIt) {
  const std::string dir = make_temp_dir("fcd_cli") + "/run";
  const std::string bin = ganscope::testing::ganscope_bin();
  const auto r = run_command(bin + " train --preset mlp --steps 100 --threads 1 --fcd-every 50 --out " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("training the classifier"), std::string::npos) << r.out;
  std::string csv = read_file(dir + "/metrics.csv");
  expect_measured(row_of(csv, 50), 50);
  expect_measured(row_of(csv, 100), 100);
  const std::vector<std::string> unmeasured = row_of(csv, 99);
  ASSERT_EQ(unmeasured.size(), 28u);
  for (std::size_t k = 23; k < 27; ++k) EXPECT_EQ(unmeasured[k], "") << k;
  const std::vector<std::string> at100 = row_of(csv, 100);

  const auto resumed = run_command(bin + " train --resume " + dir + " --steps 150 --threads 1 --fcd-every 50");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  csv = read_file(dir + "/metrics.csv");
  EXPECT_EQ(row_of(csv, 100), at100);  // rebuilt from the checkpoint's history, the same text
  expect_measured(row_of(csv, 150), 150);
}

TEST(ImageQualityCommand, ZeroMeasuresNothing) {
  const std::string dir = make_temp_dir("fcd_cli_off") + "/run";
  const auto r = run_command(ganscope::testing::ganscope_bin() +
                             " train --preset mlp --steps 60 --threads 1 --fcd-every 0 --out " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("classifier"), std::string::npos) << r.out;
  const std::vector<std::string> row = row_of(read_file(dir + "/metrics.csv"), 50);
  ASSERT_EQ(row.size(), 28u);
  EXPECT_EQ(row[23], "");
}
