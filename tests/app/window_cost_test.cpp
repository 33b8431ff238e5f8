// The window's cost figures (app/window_cost.h) on frames whose times are known.
#include "app/window_cost.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace app = ganscope::app;

TEST(WindowCost, PercentilesOfKnownFramesAndOneSnapshotPerGeneration) {
  app::WindowCost cost;
  double t = 0;
  for (int i = 0; i < 201; ++i) {
    // 200 intervals of 16 ms but one of 50; a new snapshot every 6th frame, built in i/6 ms.
    t += i == 50 ? 0.050 : 0.016;
    cost.frame(t, std::uint64_t(1 + i / 6), float(i / 6));
  }
  EXPECT_NEAR(cost.frame_ms_percentile(50), 16.0, 1e-6);
  EXPECT_NEAR(cost.frame_ms_percentile(100), 50.0, 1e-6);
  EXPECT_NEAR(cost.frame_ms_percentile(99), 16.0, 1e-6);  // one frame in 200 is under the 1%
  EXPECT_EQ(cost.frames_seen(), 200u);                     // intervals between 201 frames
  EXPECT_NEAR(cost.snapshot_ms_percentile(50), 16.0, 1e-6);  // 34 generations: 0..33 ms
  const std::string line = app::WindowCost::bench_line(123.4, cost);
  EXPECT_TRUE(std::regex_match(
      line, std::regex(R"(gui: 123\.4 steps/s, frame p50 16\.0 ms, p99 16\.0 ms, snapshot 16\.00 ms)")))
      << line;
  cost.restart();
  EXPECT_EQ(cost.frames_seen(), 0u);
  EXPECT_EQ(cost.frame_ms_percentile(50), 0.0);
}

TEST(WindowCost, UploadsAreCountedPerFrame) {
  app::WindowCost cost;
  cost.frame(0, 1, 0);
  { const app::UploadTimer timed; }  // a near-zero upload
  app::add_texture_upload_ms(4.0);
  cost.frame(0.016, 1, 0);
  cost.frame(0.032, 1, 0);
  EXPECT_NEAR(cost.upload_ms_per_frame(), 2.0, 0.01);  // 4 ms over two frames
  EXPECT_EQ(app::percentile({}, 50), 0.0);
  EXPECT_EQ(app::percentile({3, 1, 2}, 50), 2.0);
}
