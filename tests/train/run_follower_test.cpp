// A window following a run folder that train writes elsewhere (train/run_follower.h): rows
// arrive as they reach metrics.csv, a row still being written waits for its newline, a file
// replaced is read anew, and the checkpoint and frames are news once per rewrite.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "cli/metrics_log.h"
#include "io/atomic_file.h"
#include "support/test_support.h"
#include "train/run_follower.h"
#include "train/run_health.h"

using namespace ganscope;

namespace {

train::MetricRow row_of(std::int64_t step) {
  train::MetricRow r;
  r.step = step;
  r.loss_d = 0.5f + 0.01f * float(step);
  r.lr_d = 2e-4f;
  r.seconds = 0.25 * double(step);
  return r;
}

void append(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::app | std::ios::binary);
  f << text;
}

TEST(RunFollower, RowsArriveAsTheyAreWrittenAndAHalfRowWaits) {
  const std::string dir = ganscope::testing::make_temp_dir("follow-rows");
  train::RunFollower follower(dir);
  EXPECT_TRUE(follower.poll().rows.empty());  // nothing there yet
  const std::string metrics = dir + "/metrics.csv";
  append(metrics, cli::MetricsLog::header() + cli::MetricsLog::format(row_of(1)) + cli::MetricsLog::format(row_of(2)));
  const std::string third = cli::MetricsLog::format(row_of(3));
  append(metrics, third.substr(0, 7));  // train is still writing it
  train::RunNews news = follower.poll();
  EXPECT_FALSE(news.restart);
  ASSERT_EQ(news.rows.size(), 2u);
  EXPECT_EQ(news.rows[1].step, 2);
  EXPECT_NEAR(news.rows[1].loss_d, 0.52f, 1e-6f);
  EXPECT_NEAR(news.rows[1].seconds, 0.5, 1e-9);
  EXPECT_TRUE(follower.poll().rows.empty());
  append(metrics, third.substr(7));
  news = follower.poll();
  ASSERT_EQ(news.rows.size(), 1u);
  EXPECT_EQ(news.rows[0].step, 3);
  EXPECT_FALSE(news.restart);
}

TEST(RunFollower, TheChangeColumnBecomesMarksAndTheMeasurementsComeBack) {
  const std::string dir = ganscope::testing::make_temp_dir("follow-marks");
  train::MetricRow quality = row_of(100);
  quality.has_quality = true;
  quality.quality.has_modes = true;
  quality.quality.modes_captured = 7;
  quality.quality.high_quality = 93.5f;
  quality.quality.kl = 0.25f;
  quality.quality.js = 0.125f;
  quality.quality.has_precision_recall = true;
  quality.quality.precision = 0.75f;
  quality.quality.recall = 0.5f;
  quality.alarm = std::uint8_t(train::diverging_alarm());
  train::MetricRow images = row_of(200);
  images.has_image_quality = true;
  images.image_quality.fcd = 12.5f;
  images.image_quality.precision = 0.625f;
  images.image_quality.classes = 9.5f;
  ganscope::testing::write_file(dir + "/metrics.csv",
                                cli::MetricsLog::header() + cli::MetricsLog::format(quality) +
                                    cli::MetricsLog::format(images, "lr_d 0.0002 -> 0.0001; ema_beta 0 -> 0.999"));
  const train::RunNews news = train::RunFollower(dir).poll();
  ASSERT_EQ(news.rows.size(), 2u);
  const train::MetricRow& q = news.rows[0];
  EXPECT_TRUE(q.has_quality && q.quality.has_modes && q.quality.has_precision_recall);
  EXPECT_EQ(q.quality.modes_captured, 7);
  EXPECT_NEAR(q.quality.high_quality, 93.5f, 1e-3f);
  EXPECT_NEAR(q.quality.recall, 0.5f, 1e-6f);
  EXPECT_EQ(q.alarm, train::diverging_alarm());
  EXPECT_FALSE(q.has_image_quality);
  const train::MetricRow& i = news.rows[1];
  EXPECT_TRUE(i.has_image_quality);
  EXPECT_FALSE(i.has_quality);
  EXPECT_NEAR(i.image_quality.fcd, 12.5f, 1e-4f);
  EXPECT_NEAR(i.image_quality.precision, 0.625f, 1e-6f);
  EXPECT_TRUE(std::isnan(i.image_quality.recall));
  ASSERT_EQ(news.marks.size(), 2u);  // at the step before the row's, where the trainer marked them
  EXPECT_EQ(news.marks[0].step, 199);
  EXPECT_EQ(news.marks[0].what, "lr_d 0.0002 -> 0.0001");
  EXPECT_EQ(news.marks[1].what, "ema_beta 0 -> 0.999");
}

TEST(RunFollower, AFileReplacedIsReadAnewAndDamageStopsTheReading) {
  const std::string dir = ganscope::testing::make_temp_dir("follow-replace");
  const std::string metrics = dir + "/metrics.csv";
  ganscope::testing::write_file(metrics, cli::MetricsLog::header() + cli::MetricsLog::format(row_of(1)) +
                                             cli::MetricsLog::format(row_of(2)));
  train::RunFollower follower(dir);
  EXPECT_EQ(follower.poll().rows.size(), 2u);
  // train --resume rewrites the file whole, atomically: a new file in its place.
  io::write_file_atomically(metrics, cli::MetricsLog::header() + cli::MetricsLog::format(row_of(1)));
  train::RunNews news = follower.poll();
  EXPECT_TRUE(news.restart);
  ASSERT_EQ(news.rows.size(), 1u);
  EXPECT_EQ(news.rows[0].step, 1);
  append(metrics, "2,not a number\n" + cli::MetricsLog::format(row_of(3)));
  news = follower.poll();
  EXPECT_TRUE(news.rows.empty());
  EXPECT_NE(news.error.find("metrics.csv:3"), std::string::npos) << news.error;
  EXPECT_EQ(follower.poll().error, "");  // said once
}

TEST(RunFollower, ALineLongerThanAReadIsAnErrorNotAnAllocation) {
  const std::string dir = ganscope::testing::make_temp_dir("follow-long");
  ganscope::testing::write_file(dir + "/metrics.csv", std::string(train::RunFollower::kReadLimit + 10, 'x'));
  const train::RunNews news = train::RunFollower(dir).poll();
  EXPECT_TRUE(news.rows.empty());
  EXPECT_NE(news.error.find("longer than"), std::string::npos) << news.error;
}

TEST(RunFollower, TheCheckpointAndTheFramesAreNewsOncePerRewrite) {
  const std::string dir = ganscope::testing::make_temp_dir("follow-files");
  train::RunFollower follower(dir);
  train::RunNews news = follower.poll();
  EXPECT_FALSE(news.checkpoint || news.frames);
  io::write_file_atomically(dir + "/checkpoint", "weights 1");
  news = follower.poll();
  EXPECT_TRUE(news.checkpoint);
  EXPECT_FALSE(news.frames);
  EXPECT_FALSE(follower.poll().checkpoint);
  io::write_file_atomically(dir + "/checkpoint", "weights 2");
  io::write_file_atomically(dir + "/frames", "frames");
  news = follower.poll();
  EXPECT_TRUE(news.checkpoint && news.frames);
}

// Found by fuzz_run_files: a modes count past int's range, and a refused row's marks.
TEST(RunFollower, ARowRefusedLeavesNoMarkAndAnAbsurdCountIsRefused) {
  const std::string dir = ganscope::testing::make_temp_dir("follow-absurd");
  ganscope::testing::write_file(dir + "/metrics.csv", "step,change,modes_captured,loss_d\n1,lr_d 1 -> 2,3,1e300\n"
                                                      "2,lr_d 2 -> 3,2.3e15,0.5\n");
  const train::RunNews news = train::RunFollower(dir).poll();
  ASSERT_EQ(news.rows.size(), 1u);
  EXPECT_TRUE(std::isinf(news.rows[0].loss_d));  // past float's range: infinite, not undefined
  ASSERT_EQ(news.marks.size(), 1u);              // row 2's mark went with its row
  EXPECT_EQ(news.marks[0].what, "lr_d 1 -> 2");
  EXPECT_NE(news.error.find("not a count of modes"), std::string::npos) << news.error;
}

}  // namespace
