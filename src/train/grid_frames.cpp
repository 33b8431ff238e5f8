#include "train/grid_frames.h"

#include <algorithm>

#include "train/thinning.h"

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
  if (frames_.size() >= max_frames_) thin_older_half(frames_, [](const auto&) {});
  frames_.push_back(std::move(frame));
}

void GridFrameStore::forget_after(std::int64_t step) {
  while (!frames_.empty() && (step < 0 || frames_.back()->step > step)) frames_.pop_back();
}

}  // namespace ganscope::train
