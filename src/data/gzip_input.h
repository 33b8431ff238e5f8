// A gzip file read as zcat reads it: every member in turn as one stream (concatenated
// members, as `cat a.gz b.gz` makes), zero bytes after the last member ignored (tape and
// block padding; zcat ignores them too). Anything else after a member is refused: zcat
// prints the data but warns "trailing garbage ignored" and exits 2, which is no success, so
// such a file is called damaged here. A member cut short is "truncated", bad deflate data or
// a CRC mismatch "corrupt".
#pragma once

#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace ganscope::data {

class GzipInput {
 public:
  // Takes ownership of file, positioned at the first member's magic bytes.
  GzipInput(std::FILE* file, std::string path);
  ~GzipInput();
  GzipInput(const GzipInput&) = delete;
  GzipInput& operator=(const GzipInput&) = delete;

  // Up to n uncompressed bytes; fewer only at the clean end of the last member. Throws
  // DataError naming the file.
  std::size_t read_some(std::uint8_t* dst, std::size_t n);

 private:
  bool refill();
  void after_member();
  [[noreturn]] void fail(const std::string& fault) const;

  std::FILE* file_;
  std::string path_;
  z_stream z_{};
  std::vector<std::uint8_t> in_;
  bool finished_ = false;
};

}  // namespace ganscope::data
