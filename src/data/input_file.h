// Opening a file the user named, for reading, with the real cause when it cannot be read: a
// folder where a file should be, a dangling symbolic link, a link loop, no permission. Only
// regular files open: a FIFO or a device would block or never end, so they are refused
// before the first read.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace ganscope::data {

// A std::unique_ptr deleter for a stdio FILE.
struct CloseFile {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

class InputFile {
 public:
  // On failure fd() is -1 and fault() says why, e.g. "cannot open (a folder, not a file)".
  explicit InputFile(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }
  const std::string& fault() const { return fault_; }
  // Hands the descriptor over (to fdopen); the destructor then leaves it alone.
  int release();

  // Reads exactly n bytes; false with fault() set on a read error or an early end.
  bool read_exact(void* dst, std::size_t n);

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::string fault_;
};

// Why path cannot be opened, in words, for an errno from open or stat on it.
std::string open_fault(const std::string& path, int err);

// The whole file when it is a regular file of at most max_bytes; else "" with fault set to
// one line (without the path), e.g. "is 3 GB, more than a config file can be (1 MB)". `what`
// names the kind of file in that line.
bool read_small_file(const std::string& path, std::uint64_t max_bytes, const std::string& what,
                     std::string& bytes, std::string& fault);

// "31 GB", "1.5 MB", "512 bytes": sizes in messages (powers of 1000, as df -H prints them).
std::string byte_size_text(double bytes);

}  // namespace ganscope::data
