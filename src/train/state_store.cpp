#include "train/state_store.h"

#include <algorithm>

#include "train/thinning.h"

namespace ganscope::train {

StateStore::StateStore(std::int64_t every, std::size_t budget_bytes, std::size_t max_states)
    : every_(std::max<std::int64_t>(1, every)), budget_(budget_bytes), max_states_(std::max<std::size_t>(2, max_states)) {}

bool StateStore::due(std::int64_t step) const {
  return step > 0 && step % every_ == 0 && (states_.empty() || states_.back().step < step);
}

void StateStore::add(std::int64_t step, std::string bytes) {
  const std::size_t size = bytes.size();
  add_entry({step, std::make_shared<const std::string>(std::move(bytes)), size});
}

void StateStore::add_size(std::int64_t step, std::size_t size) { add_entry({step, nullptr, size}); }

void StateStore::add_entry(KeptState state) {
  if (!states_.empty() && state.step <= states_.back().step) return;
  // Thinning keeps the oldest while it can; a budget smaller than two states keeps the newest.
  while (!states_.empty() && (bytes_ + state.size > budget_ || states_.size() >= max_states_)) {
    const std::size_t before = states_.size();
    if (before >= 4) thin_older_half(states_, [this](const KeptState& k) { bytes_ -= k.size; });
    if (states_.size() == before) {
      // Too few to thin by halves: the second oldest goes (the oldest of two, or the one).
      const std::size_t drop = before >= 3 ? 1 : 0;
      bytes_ -= states_[drop].size;
      states_.erase(states_.begin() + std::ptrdiff_t(drop));
    }
  }
  bytes_ += state.size;
  states_.push_back(std::move(state));
}

const KeptState* StateStore::at_or_before(std::int64_t step) const {
  const KeptState* best = nullptr;
  for (const KeptState& s : states_)
    if (s.step <= step) best = &s;
  return best;
}

void StateStore::forget_after(std::int64_t step) {
  while (!states_.empty() && (step < 0 || states_.back().step > step)) {
    bytes_ -= states_.back().size;
    states_.pop_back();
  }
}

}  // namespace ganscope::train
