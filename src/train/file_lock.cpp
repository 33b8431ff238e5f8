#include "train/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>

namespace ganscope::train {

namespace {

std::string read_line(int fd) {
  char buf[256];
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return "another process";
  std::string s(buf, std::size_t(n));
  while (!s.empty() && (s.back() == '\n' || s.back() == '\0')) s.pop_back();
  return s.empty() ? "another process" : s;
}

// Whether fd is still the file at path: a holder unlinks its lock file when it lets go, so a
// lock taken on a file that was unlinked meanwhile locks nothing anyone else can see.
bool still_linked(int fd, const std::string& path) {
  struct stat by_fd {}, by_path {};
  return ::fstat(fd, &by_fd) == 0 && ::stat(path.c_str(), &by_path) == 0 &&
         by_fd.st_dev == by_path.st_dev && by_fd.st_ino == by_path.st_ino;
}

}  // namespace

std::unique_ptr<FileLock> FileLock::try_acquire(const std::string& lock_path, const std::string& who,
                                                std::string* holder, Keep keep) {
  int fd = -1;
  for (int attempt = 0;; ++attempt) {
    fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      throw std::runtime_error(lock_path + ": cannot create the lock file (" + std::strerror(errno) + ")");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      if (holder) *holder = read_line(fd);
      ::close(fd);
      if (err != EWOULDBLOCK)
        throw std::runtime_error(lock_path + ": cannot lock (" + std::strerror(err) + ")");
      return nullptr;
    }
    if (still_linked(fd, lock_path) || attempt == 10) break;
    ::close(fd);  // the last holder removed it just now: take the new file instead
  }
  char since[64] = "";
  const std::time_t now = std::time(nullptr);
  std::tm local {};
  if (localtime_r(&now, &local)) std::strftime(since, sizeof since, "%Y-%m-%d %H:%M:%S %z", &local);
  const std::string line = "pid " + std::to_string(::getpid()) + " (" + who + ") since " + since + "\n";
  if (::ftruncate(fd, 0) == 0) {
    ssize_t ignored = ::pwrite(fd, line.data(), line.size(), 0);
    (void)ignored;  // the line only helps a second process explain itself
  }
  return std::unique_ptr<FileLock>(new FileLock(fd, lock_path, keep));
}

bool FileLock::held_elsewhere(const std::string& lock_path, std::string* holder) {
  int fd = ::open(lock_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  // A shared lock is refused exactly while someone holds the exclusive one.
  const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  if (held && holder) *holder = read_line(fd);
  ::close(fd);
  return held;
}

FileLock::~FileLock() {
  // Unlinked while still held: a process that opened the old file meanwhile sees (by inode,
  // in try_acquire) that it locked a file no longer in the folder, and takes the new one.
  if (keep_ == Keep::Nothing) ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace ganscope::train
