#include "support/golden_reader.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace ganscope::testing {

namespace {

// Reads little-endian fields from a byte string, refusing to run past its end.
struct Cursor {
  const std::string& bytes;
  const std::string& path;
  std::size_t at = 0;

  void need(std::size_t n) const {
    if (bytes.size() - at < n) throw std::runtime_error(path + ": truncated golden file");
  }
  std::uint32_t u32() {
    need(4);
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at);
    at += 4;
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
           std::uint32_t(p[3]) << 24;
  }
};

}  // namespace

GoldenFile GoldenFile::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open golden file");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Cursor c{bytes, path};
  if (c.u32() != kMagic) throw std::runtime_error(path + ": not a golden file (wrong magic)");
  const std::uint32_t version = c.u32();
  if (version != kVersion)
    throw std::runtime_error(path + ": golden file version " + std::to_string(version) +
                             ", this reader knows " + std::to_string(kVersion));
  GoldenFile file;
  file.path_ = path;
  const std::uint32_t count = c.u32();
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint32_t name_len = c.u32();
    c.need(name_len);
    std::string name = bytes.substr(c.at, name_len);
    c.at += name_len;
    GoldenArray a;
    const std::uint32_t ndim = c.u32();
    if (ndim > 8)
      throw std::runtime_error(path + ": array " + name + " has " + std::to_string(ndim) +
                               " dimensions");
    std::size_t n = 1;
    for (std::uint32_t d = 0; d < ndim; ++d) {
      a.dims.push_back(int(c.u32()));
      n *= std::size_t(a.dims.back());
      if (n > bytes.size())
        throw std::runtime_error(path + ": array " + name + " is larger than the file");
    }
    c.need(4 * n);
    a.data.resize(n);
    std::memcpy(a.data.data(), bytes.data() + c.at, 4 * n);  // little-endian hosts only
    c.at += 4 * n;
    file.arrays_[name] = std::move(a);
  }
  if (c.at != bytes.size())
    throw std::runtime_error(path + ": trailing bytes after the last array");
  return file;
}

const GoldenArray& GoldenFile::at(const std::string& name) const {
  auto it = arrays_.find(name);
  if (it == arrays_.end()) throw std::runtime_error(path_ + ": no array named " + name);
  return it->second;
}

int GoldenFile::integer(const std::string& name, std::size_t i) const {
  const GoldenArray& a = at(name);
  if (i >= a.data.size())
    throw std::runtime_error(path_ + ": " + name + " has no element " + std::to_string(i));
  return int(a.data[i]);
}

}  // namespace ganscope::testing
