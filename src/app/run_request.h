// What a panel asks the window to do with the run it shows (app/run_slot.h carries it out
// between frames): switch preset, open a checkpoint or a recent run, start a new run, or open
// a lesson (its run from the start: a replay too).
#pragma once

#include <string>

namespace ganscope::app {

struct RunRequest {
  enum class Kind { None, Preset, Checkpoint, NewRun, Lesson };
  Kind kind = Kind::None;
  std::string target;  // Preset: its name; Checkpoint: the file; Lesson: a name or a .json file
  bool fresh = false;  // Preset: new weights rather than its newest autosave
  explicit operator bool() const { return kind != Kind::None; }
};

}  // namespace ganscope::app
