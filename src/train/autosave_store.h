// The window's autosaves: one file per run in $XDG_STATE_HOME/ganscope (or
// ~/.local/state/ganscope), named autosave-<preset>-<when it started>.ckpt. A window writes
// only the run it shows; a new run (a reset, another preset, a loaded checkpoint) gets a new
// file, so no run ever overwrites another. The newest few of each preset are kept; older ones
// are removed only after the window's own run has been saved (a start that fails removes
// nothing). Each file is what `--checkpoint` opens: it carries its model (train/checkpoint.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "train/config.h"

namespace ganscope::train {

// What a checkpoint holds, read without building its model.
struct SavedRunInfo {
  std::string path;
  Config config;              // the model, data and settings it was made with
  std::int64_t step = 0;
  double train_seconds = 0;   // time spent training, over all sessions
  std::int64_t saved_at = 0;  // the file's modification time, seconds since 1970
};
// Throws CheckpointError or ConfigError naming the file.
SavedRunInfo read_saved_run(const std::string& path);

// "today 14:02", "yesterday 09:15", "2026-11-28 17:40": when a file was saved, for people.
std::string describe_time(std::int64_t seconds_since_1970);

class AutosaveStore {
 public:
  static constexpr int kKeepPerPreset = 5;

  // $XDG_STATE_HOME/ganscope, else $HOME/.local/state/ganscope; "" when neither is set.
  static std::string default_dir();
  // dir "" makes a store that saves nothing and lists nothing.
  explicit AutosaveStore(std::string dir);

  bool enabled() const { return !dir_.empty(); }
  const std::string& dir() const { return dir_; }

  struct Entry {
    SavedRunInfo run;
    bool in_use = false;  // another window is training it now
    std::string holder;   // who, when in_use
  };
  // Every readable autosave (of `preset` when given), newest first. Damaged files are skipped.
  std::vector<Entry> list(const std::string& preset = "") const;
  // The newest autosave of `preset` (any when "") that no other window holds, if any.
  bool newest_free(const std::string& preset, Entry& out) const;

  // A new file for a run of `preset` starting now (creates the folder; "" when disabled or
  // the folder cannot be made). Never the name of an existing file.
  std::string new_path(const std::string& preset) const;
  // Whether path is one of this store's autosave files.
  bool holds(const std::string& path) const;
  // The lock a window holds on the autosave it writes (.autosave-....lock beside it).
  static std::string lock_path(const std::string& autosave_path);

  // Removes the oldest autosaves of `preset` beyond kKeepPerPreset, never `spare` nor one
  // that another window holds. Returns how many it removed.
  int prune(const std::string& preset, const std::string& spare) const;

 private:
  std::string dir_;
};

}  // namespace ganscope::train
