// Following a run folder that a `ganscope train` elsewhere is writing (`ganscope gui --watch
// RUN`: a mounted or synced folder). The trainer appends rows to metrics.csv every step and
// rewrites the checkpoint and the frames atomically (a new file renamed over the old) at each
// save; a follower reads only what is new, and never writes. Eigen-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "train/metrics_csv.h"
#include "train/metrics_row.h"

namespace ganscope::train {

// A file's identity and version, from stat: a rename over it changes the inode, an append its
// size, a rewrite its time.
struct FileStamp {
  std::uint64_t inode = 0;
  std::int64_t size = -1, mtime_ns = 0;
  bool exists() const { return size >= 0; }
  bool operator==(const FileStamp& o) const { return inode == o.inode && size == o.size && mtime_ns == o.mtime_ns; }
  bool operator!=(const FileStamp& o) const { return !(*this == o); }
};
FileStamp stamp_of(const std::string& path);

// What changed in the folder since the last poll.
struct RunNews {
  // metrics.csv was replaced (a resumed run rewrites it) or cut: forget the rows held, the
  // rows below start from the file's first.
  bool restart = false;
  std::vector<MetricRow> rows;     // complete rows new in metrics.csv, in step order
  std::vector<ChangeMark> marks;   // the settings their change column names
  bool checkpoint = false;         // the checkpoint is new or rewritten
  bool frames = false;             // the frames file likewise
  std::string error;               // metrics.csv cannot be read on (said once; "" when fine)
};

class RunFollower {
 public:
  explicit RunFollower(std::string run_dir);
  // At most kReadLimit bytes of metrics.csv a call, so that a long run's file arrives over a
  // few polls instead of stalling one; a row still being written (no newline yet) waits.
  static constexpr std::size_t kReadLimit = 8 << 20;
  RunNews poll();

  const std::string& dir() const { return dir_; }
  const std::string& checkpoint() const { return checkpoint_; }
  const std::string& frames() const { return frames_; }
  const std::string& metrics() const { return metrics_; }
  const std::string& control() const { return control_; }

 private:
  void read_rows(RunNews& news);
  std::string dir_, checkpoint_, frames_, metrics_, control_;
  FileStamp metrics_stamp_, checkpoint_stamp_, frames_stamp_;
  std::int64_t offset_ = 0;  // metrics.csv bytes read, to the end of the last complete line
  std::size_t line_number_ = 0;
  MetricsCsvParser parser_;
  bool failed_ = false;      // the file held a line that is not a row: read no further
};

}  // namespace ganscope::train
