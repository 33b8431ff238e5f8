// The files of a run folder (`ganscope train --out RUN`), by name: cli/run_folder.h makes
// their paths for train, and train/run_follower.h reads them for a window watching the run.
#pragma once

namespace ganscope::train {

inline constexpr const char* kCheckpointFile = "checkpoint";  // train/checkpoint.h
inline constexpr const char* kMetricsFile = "metrics.csv";    // cli/metrics_log.h
inline constexpr const char* kLayersFile = "layers.csv";
inline constexpr const char* kSamplesFile = "samples.png";
inline constexpr const char* kLockFile = ".lock";
inline constexpr const char* kRunIdFile = "run-id";           // train/run_id.h
inline constexpr const char* kConfigFile = "config.json";     // train/config.h
inline constexpr const char* kFramesFile = "frames";          // train/frame_file.h
inline constexpr const char* kControlFile = "control.json";   // train/run_control.h
inline constexpr const char* kStatesDir = "states";           // train/state_folder.h

}  // namespace ganscope::train
