// Full training states kept over a run, so that the window can branch from its past (issue 14,
// "Rewind and branch"): G, D, both optimizers and the RNG, as Trainer::serialize(false) makes
// them for the divergence guard's rollback (the guard's state of that step is what is kept).
// Within a memory budget: when a new state would pass it (or the count), the older half is
// thinned to every other state first, as GridFrameStore thins frames, so the states cover the
// run from its start with the newest spaced closest; the newest is never dropped. Eigen-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ganscope::train {

struct KeptState {
  std::int64_t step = 0;
  std::shared_ptr<const std::string> bytes;  // Trainer::serialize(false) at that step
  std::size_t size = 0;                      // its bytes (kept elsewhere when bytes is null)
};

class StateStore {
 public:
  // Measured (the screenshot's branch_button line: bytes over states): a ring state is 0.5 MB;
  // mlp's and dcgan's about 15 MB (their checkpoints without history), so 128 MB holds 8 of
  // theirs and kMaxStates of the 2D presets'. 128 MB, not more: the window's own memory goal
  // for dcgan is 200 MB (issue 13).
  static constexpr std::int64_t kStateEvery = 1000;
  static constexpr std::size_t kBudgetBytes = std::size_t(128) << 20;
  static constexpr std::size_t kMaxStates = 64;

  explicit StateStore(std::int64_t every = kStateEvery, std::size_t budget_bytes = kBudgetBytes,
                      std::size_t max_states = kMaxStates);

  // Whether the state at `step` should be kept: a multiple of the interval after the newest.
  bool due(std::int64_t step) const;
  // Keeps it (its step later than every kept one), thinning first as said above.
  void add(std::int64_t step, std::string bytes);
  // The same for a state kept elsewhere (a file: train/state_folder.h), by its size alone.
  void add_size(std::int64_t step, std::size_t size);
  // The latest state at or before step, or null when there is none (all later, or none).
  const KeptState* at_or_before(std::int64_t step) const;
  // Drops the states after `step` (a branch, a rollback), or all of them (step < 0).
  void forget_after(std::int64_t step);

  const std::vector<KeptState>& states() const { return states_; }
  std::size_t bytes() const { return bytes_; }
  std::size_t budget() const { return budget_; }

 private:
  void add_entry(KeptState state);
  std::int64_t every_;
  std::size_t budget_, max_states_;
  std::vector<KeptState> states_;
  std::size_t bytes_ = 0;
};

}  // namespace ganscope::train
