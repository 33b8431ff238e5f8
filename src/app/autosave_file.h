// Where the GUI autosaves a preset's run: $XDG_STATE_HOME/ganscope (or ~/.local/state/ganscope)
// /autosave-<preset>.ckpt.
#pragma once

#include <string>

namespace ganscope::app {

// Creates the folder and returns the file's path ("" when there is no home to put it in). An
// autosave already there (the last session's) is kept once, renamed to
// autosave-<preset>.previous.ckpt, so a new session never overwrites it; `notice` then says so.
std::string prepare_autosave(const std::string& preset, std::string& notice);

}  // namespace ganscope::app
