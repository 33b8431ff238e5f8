// metrics.csv read back (train/metrics_csv.h), for the loss plot's overlay: what MetricsLog
// writes comes back; an older file's fewer columns read too; what is not a metrics file, or a
// row that is not numbers in step order, is an error naming the file and the line.
#include <gtest/gtest.h>

#include <cmath>

#include "cli/metrics_log.h"
#include "support/test_support.h"
#include "train/metrics_csv.h"

using namespace ganscope;

namespace {

TEST(MetricsCsv, WhatTrainWritesComesBack) {
  const std::string dir = ganscope::testing::make_temp_dir("metrics-csv");
  std::string text = cli::MetricsLog::header();
  std::vector<train::MetricRow> rows(3);
  for (int i = 0; i < 3; ++i) {
    rows[std::size_t(i)].step = i + 1;
    rows[std::size_t(i)].loss_d = 0.5f + float(i);
    rows[std::size_t(i)].loss_g = 2.0f - float(i);
    rows[std::size_t(i)].grad_norm_d = 0.25f;
    rows[std::size_t(i)].penalty = i == 1 ? 0.125f : train::kNoValue;
    text += cli::MetricsLog::format(rows[std::size_t(i)]);
  }
  ganscope::testing::write_file(dir + "/metrics.csv", text);
  const std::vector<train::MetricRow> back = train::read_metrics_csv(dir);  // the run folder
  ASSERT_EQ(back.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back[i].step, rows[i].step);
    EXPECT_FLOAT_EQ(back[i].loss_d, rows[i].loss_d);
    EXPECT_FLOAT_EQ(back[i].loss_g, rows[i].loss_g);
    EXPECT_FLOAT_EQ(back[i].grad_norm_d, 0.25f);
    EXPECT_TRUE(std::isnan(back[i].wasserstein));
  }
  EXPECT_FLOAT_EQ(back[1].penalty, 0.125f);
  EXPECT_TRUE(std::isnan(back[0].penalty));
}

// A long file comes a few thousand rows at a time, every row once, in order.
TEST(MetricsCsv, ALongFileComesInPieces) {
  const std::string dir = ganscope::testing::make_temp_dir("metrics-long");
  std::string text = "step,loss_d\n";
  for (int i = 1; i <= 10000; ++i) text += std::to_string(i) + ",0.5\n";
  ganscope::testing::write_file(dir + "/m.csv", text);
  int pieces = 0;
  std::int64_t next = 1;
  train::read_metrics_csv(dir + "/m.csv", [&](const std::vector<train::MetricRow>& rows) {
    ++pieces;
    for (const auto& r : rows) EXPECT_EQ(r.step, next++);
  });
  EXPECT_EQ(next, 10001);
  EXPECT_EQ(pieces, 3);  // 4,096 + 4,096 + 1,808
}

TEST(MetricsCsv, AnOlderFileWithFewerColumnsReads) {
  const std::string dir = ganscope::testing::make_temp_dir("metrics-old");
  ganscope::testing::write_file(dir + "/m.csv", "step,loss_d,loss_g,extra\n1,0.7,0.6,x\n2,0.65,0.7,y\n");
  const auto rows = train::read_metrics_csv(dir + "/m.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FLOAT_EQ(rows[1].loss_g, 0.7f);
}

TEST(MetricsCsv, WhatIsNotAMetricsFileIsRefusedWithItsLine) {
  const std::string dir = ganscope::testing::make_temp_dir("metrics-bad");
  auto error = [&](const std::string& text) {
    ganscope::testing::write_file(dir + "/m.csv", text);
    try {
      train::read_metrics_csv(dir + "/m.csv");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error("").find("empty"), std::string::npos);
  EXPECT_NE(error("loss_d,step\n1,2\n").find("no step column"), std::string::npos);
  EXPECT_NE(error("step,loss_d\n1,0.5\n2,half\n").find("m.csv:3"), std::string::npos);
  EXPECT_NE(error("step,loss_d\n2,0.5\n1,0.5\n").find("m.csv:3"), std::string::npos);
  EXPECT_NE(error("step,loss_d\n1" + std::string(5000, '0') + ",0.5\n").find("too long"), std::string::npos);
  EXPECT_NE(error("\x89PNG\r\n").find("no step column"), std::string::npos);
  EXPECT_THROW(train::read_metrics_csv(dir + "/none.csv"), std::runtime_error);
}

}  // namespace
