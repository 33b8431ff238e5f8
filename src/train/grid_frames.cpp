#include "train/grid_frames.h"

#include <algorithm>

namespace ganscope::train {

const GridFrame* frame_at(const GridFrames& frames, std::int64_t step) {
  if (frames.empty()) return nullptr;
  const GridFrame* best = frames.front().get();
  for (const auto& f : frames)
    if (f->step <= step) best = f.get();
  return best;
}

GridFrameStore::GridFrameStore(std::int64_t every, std::size_t max_frames)
    : every_(std::max<std::int64_t>(1, every)), max_frames_(std::max<std::size_t>(2, max_frames)) {}

bool GridFrameStore::due(std::int64_t step) const {
  return step >= 0 && step % every_ == 0 && (frames_.empty() || frames_.back()->step < step);
}

void GridFrameStore::add(std::shared_ptr<const GridFrame> frame) {
  if (!frame || (!frames_.empty() && frame->step <= frames_.back()->step)) return;
  if (frames_.size() >= max_frames_) {
    // Frames [0, half) keep their even positions; [half, size) all stay.
    const std::size_t half = frames_.size() / 2;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < frames_.size(); ++i)
      if (i >= half || i % 2 == 0) frames_[kept++] = std::move(frames_[i]);
    frames_.resize(kept);
  }
  frames_.push_back(std::move(frame));
}

void GridFrameStore::forget_after(std::int64_t step) {
  while (!frames_.empty() && (step < 0 || frames_.back()->step > step)) frames_.pop_back();
}

}  // namespace ganscope::train
