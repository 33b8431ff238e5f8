// A run's identity: a random id made when a run starts (and at a Reset in the window), kept
// through save, load and resume. A checkpoint carries it, and a run folder records the id of
// the run it holds (cli/run_folder.h), so that a checkpoint copied in from another run is told
// apart from the folder's own instead of mixing the two runs' histories.
#pragma once

#include <string>

namespace ganscope::train {

// 32 hex digits from the system's random source.
std::string new_run_id();
// 1 to 64 characters of [0-9a-f]: what new_run_id makes, with room for other lengths.
bool is_valid_run_id(const std::string& id);

}  // namespace ganscope::train
