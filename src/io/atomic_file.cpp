#include "io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "io/errno_text.h"
#include "io/temporary_files.h"

namespace ganscope::io {

namespace {

// rename without replacing: renameat2's RENAME_NOREPLACE, or link + unlink where the file
// system lacks it. Both fail with EEXIST when the final name exists.
int rename_no_replace(const char* from, const char* to) {
  if (::renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
  if (::link(from, to) != 0) return -1;
  ::unlink(from);
  return 0;
}

}  // namespace

AtomicFile::AtomicFile(const std::string& path, Replace replace)
    : path_(path), temporary_(temporary_path_for(path)), replace_(replace) {
  // Registered before it exists, so there is no moment at which a signal would miss it.
  slot_ = register_temporary(temporary_);
  fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    const std::string why = errno_text();
    release_temporary(slot_);
    throw WriteError(path + ": cannot create (" + why + ")");
  }
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temporary_.c_str());
  release_temporary(slot_);
}

void AtomicFile::fail(const std::string& what) {
  const std::string why = errno_text();
  throw WriteError(path_ + ": " + what + " (" + why + ")");
}

void AtomicFile::write(const void* data, std::size_t n) {
  const char* p = static_cast<const char*>(data);
  for (std::size_t done = 0; done < n;) {
    const ssize_t k = ::write(fd_, p + done, n - done);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) fail("write failed");
    done += std::size_t(k);
  }
}

void AtomicFile::commit() {
  if (::fsync(fd_) != 0) fail("cannot flush to disk");
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("cannot flush to disk");
  if (replace_ == Replace::No) {
    if (rename_no_replace(temporary_.c_str(), path_.c_str()) != 0) {
      if (errno == EEXIST) throw WriteError(path_ + " already exists; it was left as it was");
      fail("cannot rename into place");
    }
  } else if (std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    fail("cannot rename into place");
  }
  committed_ = true;
  // The rename itself is durable only once the folder is flushed.
  const std::filesystem::path target(path_);
  const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

void write_file_atomically(const std::string& path, const std::string& bytes, Replace replace) {
  AtomicFile f(path, replace);
  f.write(bytes.data(), bytes.size());
  f.commit();
}

}  // namespace ganscope::io
