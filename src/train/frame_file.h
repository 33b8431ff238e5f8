// RUN/frames: the grid frames a headless run kept (train/grid_frames.h), so that
// `ganscope export --run RUN --timelapse out.gif` can draw the run's past after it ended.
// `train` writes it beside the checkpoint, atomically, each time it saves, and a resumed run
// reads it back and goes on adding. The checkpoint's container (train/checkpoint.h: magic,
// version, sizes checked against the file, CRC-32), with sections of its own:
//   "frames_shape"  grid_count rows cols channels (rows = cols = 0: 2D points), as text
//   "frames_steps"  each frame's step, as text
//   "frames_pixels" images: every frame's grid_count * rows * cols * channels bytes in turn
//   "frames_points" 2D: every frame's grid_count (x, y) pairs in turn, floats
//   "frames_scores" every frame's grid_count D scores in turn, floats
//   "backdrop"      2D: the data points drawn under G's, floats
//   "frames_d_counts", "frames_d"  D's last real and fake batch of each frame (the histograms):
//                   their sizes as text ("real fake" a frame), then all their floats in turn
#pragma once

#include <string>

#include "train/timelapse.h"

namespace ganscope::train {

// At most this many frames (a store keeps 64), of at most 1024 samples (the config's grid
// limit) of at most 1024 pixels a side: more is a damaged or hostile file.
constexpr int kMaxFileFrames = 4096;
constexpr int kMaxFileBatch = 1 << 16;  // a frame's D batch: the config's batch limit is lower

void save_frames(const std::string& path, const TimelapseSource& source);  // throws CheckpointError
// Throws CheckpointError naming path for a file that is not one, damaged or inconsistent.
TimelapseSource load_frames(const std::string& path);

}  // namespace ganscope::train
