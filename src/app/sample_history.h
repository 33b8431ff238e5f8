// One grid sample over the run (issue 12, "Diagnostics in the main window"): its image at each
// frame the trainer kept (train/grid_frames.h), D's score for it over those steps, and the
// training images nearest it now, a memorisation check. A window of its own over the panels,
// opened by double-clicking a sample; it only reads snapshots and sends one command, so
// training goes on while it is open. Image runs only: 2D runs have the plane instead.
#pragma once

#include <cstdint>
#include <memory>

#include "app/gl_texture.h"
#include "imgui.h"
#include "train/snapshot.h"

namespace ganscope::train {
class Session;
}

namespace ganscope::app {

class SampleHistory {
 public:
  void open(int sample);
  bool is_open() const { return sample_ >= 0; }
  int sample() const { return sample_; }
  // Draws the window while open, first placed at (pos, size). Asks the session for the
  // sample's nearest training images when it opens and whenever a new frame is kept.
  void draw(train::Session& session, const train::Snapshot& snapshot, ImVec2 pos, ImVec2 size);

  // What the window showed last frame, for the GUI tests.
  int frames_shown() const { return frames_shown_; }
  const train::NearestImages* nearest_shown() const { return nearest_shown_; }

 private:
  void draw_strip(const train::Snapshot& snapshot);
  void draw_scores(const train::Snapshot& snapshot);
  void draw_nearest(train::Session& session, const train::Snapshot& snapshot);
  void upload_strip(const train::Snapshot& snapshot);
  void ask_nearest(train::Session& session, const train::Snapshot& snapshot);

  int sample_ = -1;
  bool appearing_ = false;
  GlTexture strip_;  // the sample at each kept frame, side by side
  // What strip_ holds: the run, sample, frame count and newest frame's step it was made from.
  std::uint64_t strip_run_ = ~0ull;
  int strip_sample_ = -1;
  std::size_t strip_count_ = 0;
  std::int64_t strip_newest_ = -1;
  bool scroll_to_newest_ = false;
  int frames_shown_ = 0;
  GlTexture nearest_texture_;  // the sample, then its nearest training images
  std::shared_ptr<const train::NearestImages> nearest_uploaded_;
  const train::NearestImages* nearest_shown_ = nullptr;
  std::int64_t asked_at_ = -1;  // the newest frame's step when the search was last asked for
};

}  // namespace ganscope::app
