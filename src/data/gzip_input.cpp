#include "data/gzip_input.h"

#include <cerrno>
#include <cstring>

#include "data/idx.h"

namespace ganscope::data {

namespace {
constexpr int kGzipWindowBits = 15 + 16;  // 32 kB window, gzip header and trailer only
}

GzipInput::GzipInput(std::FILE* file, std::string path)
    : file_(file), path_(std::move(path)), in_(1 << 17) {
  if (inflateInit2(&z_, kGzipWindowBits) != Z_OK) {
    std::fclose(file_);
    throw DataError(path_ + ": zlib: cannot start inflating (out of memory)");
  }
}

GzipInput::~GzipInput() {
  inflateEnd(&z_);
  std::fclose(file_);
}

void GzipInput::fail(const std::string& fault) const { throw DataError(path_ + ": " + fault); }

// More compressed bytes into in_; false at the end of the file.
bool GzipInput::refill() {
  const std::size_t got = std::fread(in_.data(), 1, in_.size(), file_);
  if (got == 0 && std::ferror(file_)) fail("read error (" + std::string(std::strerror(errno)) + ")");
  z_.next_in = in_.data();
  z_.avail_in = uInt(got);
  return got > 0;
}

// A member has ended: another one follows, or only zeros, or the end of the file.
void GzipInput::after_member() {
  for (;;) {
    if (z_.avail_in == 0 && !refill()) return void(finished_ = true);
    if (z_.next_in[0] == 0) {  // padding: every byte to the end must be zero
      for (; z_.avail_in > 0; ++z_.next_in, --z_.avail_in)
        if (*z_.next_in != 0) fail("corrupt gzip file (bytes after the zero padding that ends it)");
      continue;
    }
    if (z_.next_in[0] != 0x1f || (z_.avail_in > 1 && z_.next_in[1] != 0x8b))
      fail("corrupt gzip file (trailing bytes after its gzip data)");
    inflateReset(&z_);  // the next member's header; a lone 1f at the end is "truncated" below
    return;
  }
}

std::size_t GzipInput::read_some(std::uint8_t* dst, std::size_t n) {
  std::size_t got = 0;
  while (got < n && !finished_) {
    if (z_.avail_in == 0 && !refill()) fail("truncated gzip data (the file ends inside a member)");
    const std::size_t want = std::min<std::size_t>(n - got, 1u << 30);  // avail_out is a uInt
    z_.next_out = dst + got;
    z_.avail_out = uInt(want);
    const int r = inflate(&z_, Z_NO_FLUSH);
    got += want - z_.avail_out;
    if (r == Z_STREAM_END) after_member();
    else if (r == Z_MEM_ERROR) fail("zlib: out of memory");
    else if (r != Z_OK && r != Z_BUF_ERROR)  // Z_DATA_ERROR, Z_NEED_DICT: not a valid member
      fail("corrupt gzip data (zlib: " + std::string(z_.msg ? z_.msg : "invalid data") + ")");
  }
  return got;
}

}  // namespace ganscope::data
