// Controls panel, "Checkpoint": Save (named by preset and step, asking before it replaces a
// file), Load (says what the file holds and opens it as its own run, whatever its model),
// Recent runs (the autosaves, newest first), and where this run autosaves.
#pragma once

#include <string>
#include <vector>

#include "app/run_request.h"
#include "train/autosave_store.h"
#include "train/snapshot.h"

namespace ganscope::app {

class RunSlot;

class CheckpointSection {
 public:
  // Returns what the user asked for this frame (open a file or a recent run), if anything.
  RunRequest draw(RunSlot& run, const train::Snapshot& snapshot);

 private:
  void draw_save_confirm(RunSlot& run);
  RunRequest draw_load_confirm();
  RunRequest draw_recent(const RunSlot& run);
  void draw_autosave(const train::Snapshot& snapshot);

  std::string path_;
  bool path_edited_ = false;         // the user typed a name: stop proposing one
  std::string save_sent_;            // the file the last Save went to, for the line under it
  std::string load_error_;           // why the file in the field cannot be opened
  train::SavedRunInfo load_info_;    // what it holds, while Load asks to confirm
  std::vector<train::AutosaveStore::Entry> recent_;  // listed when the menu opens
  bool recent_open_ = false;
};

// "~/..." for a path under the home folder: shorter, and what the user would type.
std::string home_shortened(const std::string& path);

}  // namespace ganscope::app
