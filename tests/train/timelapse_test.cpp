// A run's past as pictures (train/timelapse.h) and RUN/frames (train/frame_file.h): frames
// become pictures of the grid's layout with the step written in the corner, 2D frames plots;
// the frames file round-trips, and a damaged or hostile one is refused before it is used.
#include <gtest/gtest.h>

#include <cstring>

#include "support/test_support.h"
#include "train/checkpoint.h"
#include "train/frame_file.h"
#include "train/timelapse.h"

using namespace ganscope;
using train::GridFrame;
using train::TimelapseSource;

namespace {

// Four 3x2 grey images a frame, every pixel of frame k at 10 * k + image.
TimelapseSource grey_source(int frames) {
  TimelapseSource s;
  s.grid_count = 4;
  s.rows = 2;
  s.cols = 3;
  for (int k = 0; k < frames; ++k) {
    auto f = std::make_shared<GridFrame>();
    f->step = 200 * k;
    for (int i = 0; i < 4; ++i) f->pixels.insert(f->pixels.end(), 6, std::uint8_t(10 * k + i));
    f->scores.assign(4, 0.5f);
    s.frames.push_back(f);
  }
  return s;
}

const std::uint8_t* pixel(const io::GifFrames& g, std::size_t frame, int x, int y) {
  return &g.frames[frame][(std::size_t(y) * std::size_t(g.width) + std::size_t(x)) * 3];
}

TEST(Timelapse, FramesAreTheGridTiledScaledAndLabelled) {
  const io::GifFrames g = train::timelapse_frames(grey_source(3), 4);
  // 2 images across (ceil sqrt 4), each 3 wide plus a 1-pixel border: 9 x 7 pixels, x4.
  EXPECT_EQ(g.width, 36);
  EXPECT_EQ(g.height, 28);
  ASSERT_EQ(g.frames.size(), 3u);
  // Image 3 of frame 2 (bottom right): pixel (1 + 4 + 2, 1 + 3 + 1) of the tiling, grey 23.
  EXPECT_EQ(pixel(g, 2, 4 * 7 + 1, 4 * 5 + 1)[0], 23);
  EXPECT_EQ(pixel(g, 2, 4 * 7 + 1, 4 * 5 + 1)[2], 23);
  // The label's box and its letters are drawn over the top left.
  EXPECT_EQ(pixel(g, 0, 0, 0)[0], 20);
  bool white = false;
  for (int y = 0; y < 14; ++y)
    for (int x = 0; x < g.width; ++x) white = white || pixel(g, 1, x, y)[0] == 255;
  EXPECT_TRUE(white);
  EXPECT_THROW(train::timelapse_frames(grey_source(0)), std::invalid_argument);
}

// The same step text draws the same label; another step another.
TEST(Timelapse, TheLabelSaysTheStep) {
  auto label = [](const std::string& text) {
    std::vector<std::uint8_t> rgb(60 * 10 * 3, 0);
    train::draw_label(rgb, 60, 10, 0, 0, text, 1);
    return rgb;
  };
  EXPECT_EQ(label("step 200"), label("step 200"));
  EXPECT_NE(label("step 200"), label("step 400"));
  EXPECT_NE(label("step 1"), label("step 7"));
}

TEST(Timelapse, PointFramesArePlotsOverTheData) {
  TimelapseSource s;
  s.grid_count = 1;
  s.backdrop = {-2.0f, -2.0f};
  auto f = std::make_shared<GridFrame>();
  f->points = {0.0f, 0.0f};
  f->scores = {0.5f};
  s.frames.push_back(f);
  const io::GifFrames g = train::timelapse_frames(s);
  ASSERT_EQ(g.width, 512);
  EXPECT_EQ(pixel(g, 0, 256, 256)[0], 220);  // G's point, red
  EXPECT_EQ(pixel(g, 0, 256, 256)[1], 40);
  EXPECT_EQ(pixel(g, 0, 85, 426)[0], 150);   // the data's, grey: (-2, -2) of [-3, 3]
}

TEST(FrameFile, RoundTrips) {
  const std::string dir = ganscope::testing::make_temp_dir("frames");
  TimelapseSource s = grey_source(3);
  s.channels = 1;
  train::save_frames(dir + "/frames", s);
  const TimelapseSource back = train::load_frames(dir + "/frames");
  EXPECT_EQ(back.grid_count, 4);
  EXPECT_EQ(back.rows, 2);
  EXPECT_EQ(back.cols, 3);
  ASSERT_EQ(back.frames.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(back.frames[k]->step, s.frames[k]->step);
    EXPECT_EQ(back.frames[k]->pixels, s.frames[k]->pixels);
    EXPECT_EQ(back.frames[k]->scores, s.frames[k]->scores);
  }
}

// D's batches of each frame (the histograms as they were), of sizes of their own: the first
// frame's are empty (before any step); counts that disagree with the floats are refused.
TEST(FrameFile, TheHistogramsBatchesRoundTrip) {
  const std::string dir = ganscope::testing::make_temp_dir("frames-d");
  TimelapseSource s = grey_source(3);
  for (std::size_t k = 1; k < 3; ++k) {
    auto f = std::make_shared<GridFrame>(*s.frames[k]);
    f->d_real.assign(8, 0.25f * float(k));
    f->d_fake = {0.125f, 0.5f, float(k)};
    s.frames[k] = f;
  }
  train::save_frames(dir + "/frames", s);
  const TimelapseSource back = train::load_frames(dir + "/frames");
  ASSERT_EQ(back.frames.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(back.frames[k]->d_real, s.frames[k]->d_real) << k;
    EXPECT_EQ(back.frames[k]->d_fake, s.frames[k]->d_fake) << k;
  }
  const train::CheckpointReader good(dir + "/frames");
  train::CheckpointWriter w;
  for (const char* name : {"frames_shape", "frames_steps", "frames_pixels", "frames_points", "frames_scores", "backdrop", "frames_d"})
    w.add(name, good.get(name));
  w.add("frames_d_counts", "0 0 8 3 8 4");  // one float more than the file holds
  w.write(dir + "/bad");
  EXPECT_THROW(train::load_frames(dir + "/bad"), train::CheckpointError);
}

// Files whose sections disagree with their shape, or whose shape is impossible, are refused
// with the path named; a checkpoint is not a frames file.
TEST(FrameFile, DamagedOrHostileFilesAreRefused) {
  const std::string dir = ganscope::testing::make_temp_dir("frames-bad");
  auto write = [&](const std::string& shape, const std::string& steps, std::size_t pixels, std::size_t scores) {
    train::CheckpointWriter w;
    w.add("frames_shape", shape);
    w.add("frames_steps", steps);
    w.add("frames_pixels", std::string(pixels, '\1'));
    w.add_floats("frames_points", {});
    w.add_floats("frames_scores", std::vector<float>(scores, 0.5f));
    w.add_floats("backdrop", {});
    w.write(dir + "/f");
    return dir + "/f";
  };
  auto refused = [](const std::string& path) {
    try {
      train::load_frames(path);
    } catch (const train::CheckpointError& e) {
      return std::string(e.what()).find(path) != std::string::npos;
    }
    return false;
  };
  EXPECT_FALSE(refused(write("4 2 3 1", "0 200", 48, 8)));  // the good one
  EXPECT_TRUE(refused(write("4 2 3 1", "0 200", 47, 8)));   // a pixel short
  EXPECT_TRUE(refused(write("4 2 3 1", "0 200", 48, 9)));   // a score too many
  EXPECT_TRUE(refused(write("4 2 3 1", "200 0", 48, 8)));   // steps out of order
  EXPECT_TRUE(refused(write("4 2 3 2", "0 200", 96, 8)));   // two channels
  EXPECT_TRUE(refused(write("99999 2 3 1", "0", 99999 * 6, 99999)));  // beyond the grid limit
  EXPECT_TRUE(refused(write("4 100000 100000 3", "", 0, 0)));        // sides beyond 1024
  EXPECT_TRUE(refused(write("four", "", 0, 0)));
  train::CheckpointWriter other;
  other.add("config", "{}");
  other.write(dir + "/checkpoint");
  EXPECT_TRUE(refused(dir + "/checkpoint"));
  ganscope::testing::write_file(dir + "/text", "not a file of ours");
  EXPECT_TRUE(refused(dir + "/text"));
}

}  // namespace
