#include "train/run_follower.h"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "train/run_files.h"

namespace ganscope::train {

FileStamp stamp_of(const std::string& path) {
  struct stat st {};
  FileStamp s;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return s;
  s.inode = std::uint64_t(st.st_ino);
  s.size = std::int64_t(st.st_size);
  s.mtime_ns = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return s;
}

RunFollower::RunFollower(std::string run_dir)
    : dir_(std::move(run_dir)),
      checkpoint_((std::filesystem::path(dir_) / kCheckpointFile).string()),
      frames_((std::filesystem::path(dir_) / kFramesFile).string()),
      metrics_((std::filesystem::path(dir_) / kMetricsFile).string()),
      control_((std::filesystem::path(dir_) / kControlFile).string()),
      parser_(metrics_) {}

RunNews RunFollower::poll() {
  RunNews news;
  const FileStamp c = stamp_of(checkpoint_);
  news.checkpoint = c.exists() && c != checkpoint_stamp_;
  checkpoint_stamp_ = c;
  const FileStamp f = stamp_of(frames_);
  news.frames = f.exists() && f != frames_stamp_;
  frames_stamp_ = f;
  read_rows(news);
  return news;
}

void RunFollower::read_rows(RunNews& news) {
  const FileStamp m = stamp_of(metrics_);
  if (!m.exists()) return;
  // Another file in its place (train --resume rewrites it whole) or a shorter one: read anew.
  if (m.inode != metrics_stamp_.inode || m.size < offset_) {
    news.restart = metrics_stamp_.exists() || offset_ > 0;
    offset_ = 0;
    line_number_ = 0;
    parser_ = MetricsCsvParser(metrics_);
    failed_ = false;
  }
  metrics_stamp_ = m;
  if (failed_ || m.size == offset_) return;
  std::FILE* file = std::fopen(metrics_.c_str(), "rb");
  if (!file) return;  // between a rename and its stat: the next poll reads it
  std::string text(std::size_t(std::min<std::int64_t>(m.size - offset_, std::int64_t(kReadLimit))), '\0');
  std::size_t got = 0;
  if (std::fseek(file, long(offset_), SEEK_SET) == 0) got = std::fread(text.data(), 1, text.size(), file);
  std::fclose(file);
  text.resize(got);
  std::size_t from = 0;
  try {
    for (std::size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1) {
      const std::string line = text.substr(from, nl - from);
      if (++line_number_ == 1) {
        parser_.header(line);
      } else if (!line.empty() && line != "\r") {
        news.rows.push_back(parser_.row(line, line_number_, &news.marks));
      }
    }
    // A line longer than the whole read can never end in it: the file is not a metrics.csv.
    if (from == 0 && text.size() == kReadLimit)
      throw std::runtime_error(metrics_ + ": a line longer than " + std::to_string(kReadLimit) + " bytes");
  } catch (const std::exception& e) {
    news.error = e.what();
    failed_ = true;
  }
  offset_ += std::int64_t(from);
}

}  // namespace ganscope::train
