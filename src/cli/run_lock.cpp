#include "cli/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "cli/run_folder.h"

namespace ganscope::cli {

namespace {

std::string holder_text(int argc, char** argv) {
  std::string command;
  for (int i = 0; i < argc; ++i) command += (i ? " " : "") + std::string(argv[i]);
  char since[64] = "";
  const std::time_t now = std::time(nullptr);
  std::tm local = {};
  if (localtime_r(&now, &local)) std::strftime(since, sizeof since, "%Y-%m-%d %H:%M:%S %z", &local);
  return "pid " + std::to_string(::getpid()) + " (" + command + ") since " + since;
}

// What the holder wrote; empty while it has locked but not written yet.
std::string read_holder(int fd) {
  char buf[1024];
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string text(buf, n > 0 ? std::size_t(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text;
}

}  // namespace

RunLock::RunLock(const std::string& run_dir, int argc, char** argv) {
  const std::string path = RunFolder(run_dir).lock;
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(path + ": cannot open the run's lock (" + std::strerror(errno) + ")");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    const std::string holder = read_holder(fd_);
    ::close(fd_);
    fd_ = -1;
    if (err != EWOULDBLOCK)
      throw std::runtime_error(path + ": cannot lock the run (" + std::strerror(err) + ")");
    throw RunInUse(run_dir + " is in use by " + (holder.empty() ? "another process" : holder) +
                   "; wait for it to end or stop it first");
  }
  const std::string text = holder_text(argc, argv) + "\n";
  // Best effort: the lock holds whether or not the note about its holder is written.
  if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, text.data(), text.size(), 0);
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace ganscope::cli
