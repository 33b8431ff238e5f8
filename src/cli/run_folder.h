// A run folder (RUN/) and its own files: checkpoint, metrics.csv, layers.csv, samples.png, the lock
// (cli/run_lock.h), run-id, the identity of the run the folder holds (train/run_id.h),
// config.json, the config the run started from, frames, the grid's past for a timelapse
// (train/frame_file.h), and control.json, which a steerer writes and train reads
// (train/run_control.h).
//
// Why run-id is a file of its own: the folder must say which run it holds independently of
// the checkpoint, since the checkpoint is the file that gets copied in from elsewhere;
// metrics.csv is read by other tools as plain CSV, so it takes no extra line; and the lock
// file is rewritten by every process that takes it. A one-line text file survives all of
// that and can be read with cat.
#pragma once

#include <string>

#include "train/config.h"

namespace ganscope::cli {

struct RunFolder {
  explicit RunFolder(const std::string& dir);
  std::string dir, checkpoint, metrics, layers, samples, lock, run_id;
  std::string config;  // the resolved config, so that train --config RUN/config.json repeats the run
  std::string frames;  // the grid every few hundred steps (train/frame_file.h)
  std::string control;  // orders from whoever steers the run (train/run_control.h)
  std::string states;   // full states every 1,000 steps, for sample --step (train/state_folder.h)
};

// The identity recorded in RUN/run-id, or "" when there is none (a folder of before run
// identities). Throws for a file that is there but is not an id.
std::string read_folder_run_id(const RunFolder& run);
void write_folder_run_id(const RunFolder& run, const std::string& id);
// Writes RUN/config.json (atomically): c as a config file, its data folder made absolute so
// that the file repeats the run from any working directory.
void write_folder_config(const RunFolder& run, const train::Config& c);

// True when path is one of a run folder's own files: of run_dir (may be ""), or of the folder
// path itself lies in when that folder holds a run (a checkpoint or a run-id).
bool is_run_file(const std::string& path, const std::string& run_dir);

}  // namespace ganscope::cli
