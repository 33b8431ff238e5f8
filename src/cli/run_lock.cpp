#include "cli/run_lock.h"

#include "cli/run_folder.h"

namespace ganscope::cli {

RunLock::RunLock(const std::string& run_dir, int argc, char** argv) {
  std::string command;
  for (int i = 0; i < argc; ++i) command += (i ? " " : "") + std::string(argv[i]);
  std::string holder;
  lock_ = train::FileLock::try_acquire(RunFolder(run_dir).lock, command, &holder,
                                       train::FileLock::Keep::File);
  if (!lock_)
    throw RunInUse(run_dir + " is in use by " + holder + "; wait for it to end or stop it first");
}

}  // namespace ganscope::cli
