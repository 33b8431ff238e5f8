// A run's past as pictures (issue 14, "Exports"): the grid frames a run kept
// (train/grid_frames.h) drawn one picture each, the grid tiled (images) or G's points over the
// data's (2D), scaled up, with the frame's step in the top left corner; then a GIF of them
// (io/gif_file.h). The window's "Timelapse GIF" and `ganscope export --timelapse` share this,
// and RUN/frames keeps a headless run's frames for the second. Eigen-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/gif_file.h"
#include "train/grid_frames.h"

namespace ganscope::train {

struct Snapshot;

// What the frames are of.
struct TimelapseSource {
  int grid_count = 0;
  int rows = 0, cols = 0, channels = 1;  // images; rows = cols = 0 for 2D points
  std::vector<float> backdrop;          // 2D: data points drawn under G's, (x, y) pairs
  float lim = 3;                        // 2D: the plot spans [-lim, lim] on both axes
  GridFrames frames;                    // oldest first
  bool images() const { return rows > 0; }
};

// The source of a snapshot's frames (the window's).
TimelapseSource timelapse_source(const Snapshot& s);

// Each frame as an RGB picture: images tiled ceil(sqrt(count)) across, each pixel drawn
// `scale` times (1..8; 0 picks the largest that keeps the picture within 640 pixels a side);
// 2D frames as a 512-pixel plot. The step ("step 12000") in the top left corner.
io::GifFrames timelapse_frames(const TimelapseSource& source, int scale = 0);

// Writes the GIF (atomically). Throws std::invalid_argument when there are no frames, and
// io::WriteError.
void write_timelapse(const std::string& path, const TimelapseSource& source, int scale = 0,
                     io::Replace replace = io::Replace::Yes);

// Draws text (digits, lower-case letters of "step", ',' and ' ') at (x, y) of an RGB picture
// of width w and height h, in a 3x5 font, each dot `dot` pixels, white on a dark box.
void draw_label(std::vector<std::uint8_t>& rgb, int w, int h, int x, int y, const std::string& text, int dot);

}  // namespace ganscope::train
