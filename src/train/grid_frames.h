// The sample grid's past (docs/design.md, "Threads"): every kFrameEvery steps the trainer
// thread keeps the grid's pixels (2D: G's points) and D's scores, so the window can show one
// latent's image and score over the run, and a timelapse (train/timelapse.h) the whole grid's. Frames are immutable once kept and shared with the UI by pointer:
// a Snapshot copies 64 pointers, not 3 MB of pixels. Eigen-free, as the UI includes it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace ganscope::train {

// The grid at one step: grid_count images of rows x cols pixels (0..255, one after another,
// as Snapshot::grid_pixels) or, 2D, grid_count (x, y) points (as Snapshot::grid_points), and
// one D score per sample (as Snapshot::grid_scores).
struct GridFrame {
  std::int64_t step = 0;
  std::vector<std::uint8_t> pixels;
  std::vector<float> points;
  std::vector<float> scores;
  // D's outputs on the last training batch then, real and fake, as Snapshot::d_real and
  // d_fake hold them: the histograms as they were (empty before the first step).
  std::vector<float> d_real, d_fake;
};
using GridFrames = std::vector<std::shared_ptr<const GridFrame>>;

// The latest of frames kept at or before step (the first when all are later), or null when
// there are none: what a time slider set to `step` shows.
const GridFrame* frame_at(const GridFrames& frames, std::int64_t step);

class GridFrameStore {
 public:
  // 200 steps apart, at most 64 frames: Fashion-MNIST's grid (64 images of 28 x 28) is 50 KB
  // a frame, so the store holds at most 3.2 MB however long the run.
  static constexpr std::int64_t kFrameEvery = 200;
  static constexpr std::size_t kMaxFrames = 64;

  explicit GridFrameStore(std::int64_t every = kFrameEvery, std::size_t max_frames = kMaxFrames);

  // Whether the grid at `step` should be kept: a multiple of the interval not kept yet.
  bool due(std::int64_t step) const;
  // Keeps `frame` (its step later than every kept one). When the store is full, the older
  // half is thinned first by dropping every other frame (the oldest stays), so the newest
  // half keeps its spacing and the older frames' spacing doubles each time: a run of any
  // length is covered from its first frame to its last within max_frames.
  void add(std::shared_ptr<const GridFrame> frame);
  // Drops the frames after `step` (a rollback), or all of them (reset, load: step < 0).
  void forget_after(std::int64_t step);

  const GridFrames& frames() const { return frames_; }
  std::size_t max_frames() const { return max_frames_; }

 private:
  std::int64_t every_;
  std::size_t max_frames_;
  GridFrames frames_;
};

}  // namespace ganscope::train
