#include "data/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace ganscope::data {

namespace {

// Where a symbolic link points, for the message about a dangling one.
std::string link_target(const std::string& path) {
  std::vector<char> buf(4096);
  const ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size() - 1);
  return n > 0 ? std::string(buf.data(), std::size_t(n)) : std::string("?");
}

}  // namespace

std::string open_fault(const std::string& path, int err) {
  struct stat link {};
  if (err == ENOENT && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode))
    return "cannot open (a symbolic link to " + link_target(path) + ", which does not exist)";
  if (err == ELOOP) return "cannot open (a loop of symbolic links)";
  if (err == EACCES) return "cannot open (no permission to read it)";
  if (err == EISDIR) return "cannot open (a folder, not a file)";
  if (err == ENOTDIR) return "cannot open (a part of the path is not a folder)";
  if (err == ENOENT) return "cannot open (No such file or directory)";
  return "cannot open (" + std::string(std::strerror(err)) + ")";
}

InputFile::InputFile(const std::string& path) {
  // O_NONBLOCK: opening a FIFO for reading would wait for a writer. It is cleared below for
  // the regular files that are all we accept.
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd_ < 0) {
    fault_ = open_fault(path, errno);
    return;
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    fault_ = "cannot stat (" + std::string(std::strerror(errno)) + ")";
  } else if (S_ISDIR(st.st_mode)) {
    fault_ = "cannot open (a folder, not a file)";
  } else if (!S_ISREG(st.st_mode)) {
    fault_ = "cannot open (not a regular file: a device, FIFO or socket)";
  } else {
    size_ = std::uint64_t(st.st_size);
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
    return;
  }
  ::close(fd_);
  fd_ = -1;
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

int InputFile::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

bool InputFile::read_exact(void* dst, std::size_t n) {
  auto* p = static_cast<char*>(dst);
  while (n > 0) {
    const ssize_t got = ::read(fd_, p, n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return fault_ = "read error (" + std::string(std::strerror(errno)) + ")", false;
    if (got == 0) return fault_ = "the file ended while it was being read", false;
    p += got;
    n -= std::size_t(got);
  }
  return true;
}

bool read_small_file(const std::string& path, std::uint64_t max_bytes, const std::string& what,
                     std::string& bytes, std::string& fault) {
  InputFile in(path);
  if (!in.ok()) return fault = in.fault(), false;
  if (in.size() > max_bytes)
    return fault = "is " + byte_size_text(double(in.size())) + ", more than " + what +
                   " can be (" + byte_size_text(double(max_bytes)) + ")",
           false;
  bytes.resize(std::size_t(in.size()));
  if (!in.read_exact(bytes.data(), bytes.size())) return fault = in.fault(), false;
  return true;
}

std::string byte_size_text(double bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
  int u = 0;
  while (bytes >= 1000 && u < 5) bytes /= 1000, ++u;
  char buf[32];
  if (u == 0) std::snprintf(buf, sizeof buf, "%.0f bytes", bytes);
  else std::snprintf(buf, sizeof buf, bytes < 10 ? "%.1f %s" : "%.0f %s", bytes, units[u]);
  return buf;
}

}  // namespace ganscope::data
