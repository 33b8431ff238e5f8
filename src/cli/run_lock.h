// One process at a time writes a run folder. train takes RUN/.lock with flock(2) before it
// writes anything there, and holds it until it exits; the kernel releases it when the holder
// dies, even by kill -9, so a lock is never stale. The file stays (removing it would let two
// processes lock two different files of one name); it says who holds, or last held, the lock.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "train/file_lock.h"

namespace ganscope::cli {

class RunInUse : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RunLock {
 public:
  // Locks run_dir (which must exist) for this process, recording its pid, its command line
  // and the time. Throws RunInUse when another process holds it, naming the holder.
  RunLock(const std::string& run_dir, int argc, char** argv);

 private:
  std::unique_ptr<train::FileLock> lock_;
};

}  // namespace ganscope::cli
