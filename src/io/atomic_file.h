// Files written whole or not at all: the bytes go to a temporary in the same folder
// (io/temporary_files.h), are flushed with fsync, and are renamed over the final name, then the
// folder is flushed. A crash at any moment leaves the old file or the new one; a failure, an
// exception or a signal (SIGINT, SIGTERM, SIGHUP) leaves no temporary behind.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace ganscope::io {

class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Replace::No refuses to replace a file that exists when the write ends (checked by the
// rename itself, so a file created meanwhile by another process is not lost either).
enum class Replace { Yes, No };

class AtomicFile {
 public:
  // Creates the temporary; throws WriteError naming path.
  AtomicFile(const std::string& path, Replace replace);
  ~AtomicFile();  // removes the temporary unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // The temporary's descriptor, for writers of their own (gzdopen of a dup, say).
  int fd() const { return fd_; }
  void write(const void* data, std::size_t n);
  // fsync, close, rename into place, fsync of the folder. Throws WriteError.
  void commit();

 private:
  [[noreturn]] void fail(const std::string& what);
  std::string path_, temporary_;
  Replace replace_;
  int fd_ = -1;
  int slot_ = -1;
  bool committed_ = false;
};

void write_file_atomically(const std::string& path, const std::string& bytes,
                           Replace replace = Replace::Yes);

}  // namespace ganscope::io
