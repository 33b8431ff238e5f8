// RUN/states/: the full training states a headless run keeps (train/state_store.h's policy, on
// disk), so that `ganscope sample --run RUN --step N` can draw from G as it was near any step.
// Each state is a file of its own, `step-<N>`, written atomically once (Trainer::serialize(false):
// the checkpoint's container, CRC-checked when read); thinning deletes files, so the folder
// stays within kBudgetBytes however long the run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "train/state_store.h"

namespace ganscope::train {

class StateFolder {
 public:
  // 512 MB on disk: 34 of dcgan's states (about 15 MB each), 64 of the ring's.
  static constexpr std::size_t kBudgetBytes = std::size_t(512) << 20;

  // Takes up the states already in dir (a resumed run), dropping those after resume_step:
  // the run goes on from there and keeps its own. Creates dir when it is first written.
  StateFolder(std::string dir, std::int64_t resume_step, std::size_t budget_bytes = kBudgetBytes,
              std::int64_t every = StateStore::kStateEvery);
  bool due(std::int64_t step) const { return store_.due(step); }
  // Writes the state of `step`, then deletes the files the budget lets go. Throws
  // io::WriteError (nothing is kept then).
  void add(std::int64_t step, const std::string& bytes);
  const StateStore& store() const { return store_; }

 private:
  std::string dir_;
  StateStore store_;
};

// The steps of the states in dir (files named step-<N>; anything else is not one), ascending.
std::vector<std::int64_t> state_steps(const std::string& dir);
std::string state_path(const std::string& dir, std::int64_t step);

}  // namespace ganscope::train
