// What a panel asks the window to do with the run it shows (app/run_slot.h carries it out
// between frames): switch preset, open a checkpoint or a recent run, or start a new run.
#pragma once

#include <string>

namespace ganscope::app {

struct RunRequest {
  enum class Kind { None, Preset, Checkpoint, NewRun };
  Kind kind = Kind::None;
  std::string target;  // Preset: its name; Checkpoint: the file
  bool fresh = false;  // Preset: new weights rather than its newest autosave
  explicit operator bool() const { return kind != Kind::None; }
};

}  // namespace ganscope::app
