// An exclusive lock on a lock file, held for a process's life (flock(2)): the kernel releases
// it when the holder exits, however it exits, so kill -9 never leaves a stale lock. The file
// holds a line saying who holds it ("pid 1234 (ganscope gui) since 2026-12-01 14:02:05 +0000"),
// which a second process reads to say who is in the way. The window's autosave locks and the
// run folder's lock (cli/run_lock.h) are both this.
#pragma once

#include <memory>
#include <string>

namespace ganscope::train {

class FileLock {
 public:
  // Tries once, without waiting. Returns null when another process holds the lock, with
  // holder set to its line (or "another process" when the line cannot be read). Throws
  // std::runtime_error when the lock file cannot be created (no such folder, no permission).
  // Keep::File leaves the file in place on release, saying who last held it (a run folder's
  // .lock); Keep::Nothing removes it (the autosave folder's, one per run).
  enum class Keep { Nothing, File };
  static std::unique_ptr<FileLock> try_acquire(const std::string& lock_path, const std::string& who,
                                               std::string* holder = nullptr,
                                               Keep keep = Keep::Nothing);
  // Whether some process holds lock_path now (false when the file does not exist).
  static bool held_elsewhere(const std::string& lock_path, std::string* holder = nullptr);
  ~FileLock();  // unlocks (and removes the file unless kept)
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  FileLock(int fd, std::string path, Keep keep) : fd_(fd), path_(std::move(path)), keep_(keep) {}
  int fd_;
  std::string path_;
  Keep keep_;
};

}  // namespace ganscope::train
