#include "train/checkpoint.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/atomic_file.h"

namespace ganscope::train {

namespace {

constexpr char kMagic[8] = {'G', 'A', 'N', 'S', 'C', 'O', 'P', 'E'};
constexpr std::size_t kHeaderBytes = 8 + 4 + 8 + 4;

template <typename U>
void put(std::string& out, U v) {
  char b[sizeof(U)];
  for (std::size_t i = 0; i < sizeof(U); ++i) b[i] = char((std::uint64_t(v) >> (8 * i)) & 0xff);
  out.append(b, sizeof(U));
}

template <typename U>
U take(const std::string& in, std::size_t& at) {
  U v = 0;
  for (std::size_t i = 0; i < sizeof(U); ++i) v |= U(std::uint8_t(in[at + i])) << (8 * i);
  at += sizeof(U);
  return v;
}

std::uint32_t crc_of(const std::string& s) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const auto* p = reinterpret_cast<const Bytef*>(s.data());
  std::size_t left = s.size();
  while (left > 0) {  // crc32 takes a uInt length: feed large payloads in pieces
    uInt n = uInt(std::min<std::size_t>(left, 1u << 30));
    crc = crc32(crc, p, n);
    p += n;
    left -= n;
  }
  return std::uint32_t(crc);
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

void CheckpointWriter::add(const std::string& name, const std::string& bytes) {
  put<std::uint32_t>(payload_, std::uint32_t(name.size()));
  payload_ += name;
  put<std::uint64_t>(payload_, bytes.size());
  payload_ += bytes;
}

void CheckpointWriter::add_floats(const std::string& name, const std::vector<float>& v) {
  add(name, std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float)));
}

std::string CheckpointWriter::bytes() const {
  std::string file(kMagic, 8);
  put<std::uint32_t>(file, kCheckpointVersion);
  put<std::uint64_t>(file, payload_.size());
  put<std::uint32_t>(file, crc_of(payload_));
  file += payload_;
  return file;
}

void CheckpointWriter::write(const std::string& path) const { write_file_atomically(path, bytes()); }

// Checkpoint writers catch CheckpointError (the GUI's save reports it and goes on), so the
// general writer's errors keep that type here.
void write_file_atomically(const std::string& path, const std::string& bytes) {
  try {
    io::write_file_atomically(path, bytes);
  } catch (const io::WriteError& e) {
    throw CheckpointError(e.what());
  }
}

CheckpointReader::CheckpointReader(const std::string& path) : path_(path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw CheckpointError(path + ": cannot open the checkpoint (" + errno_text() + ")");
  std::ostringstream s;
  s << f.rdbuf();
  parse(s.str());
}

CheckpointReader CheckpointReader::from_bytes(const std::string& bytes, const std::string& source) {
  CheckpointReader r;
  r.path_ = source;
  r.parse(bytes);
  return r;
}

void CheckpointReader::parse(const std::string& file) {
  const std::string& path = path_;
  if (file.size() < kHeaderBytes || std::memcmp(file.data(), kMagic, 8) != 0)
    throw CheckpointError(path + ": not a ganscope checkpoint");
  std::size_t at = 8;
  auto version = take<std::uint32_t>(file, at);
  if (version != kCheckpointVersion)
    throw CheckpointError(path + ": checkpoint format version " + std::to_string(version) +
                          ", this ganscope reads version " + std::to_string(kCheckpointVersion));
  auto size = take<std::uint64_t>(file, at);
  auto crc = take<std::uint32_t>(file, at);
  if (size != file.size() - kHeaderBytes)
    throw CheckpointError(path + ": checkpoint is truncated or has trailing bytes (" +
                          std::to_string(file.size() - kHeaderBytes) + " of " +
                          std::to_string(size) + " payload bytes)");
  std::string payload = file.substr(kHeaderBytes);
  if (crc_of(payload) != crc) throw CheckpointError(path + ": checkpoint is damaged (checksum mismatch)");
  at = 0;
  while (at < payload.size()) {
    if (payload.size() - at < 4) throw CheckpointError(path + ": bad section header");
    auto name_len = take<std::uint32_t>(payload, at);
    if (payload.size() - at < std::uint64_t(name_len) + 8)
      throw CheckpointError(path + ": bad section header");
    std::string name = payload.substr(at, name_len);
    at += name_len;
    auto len = take<std::uint64_t>(payload, at);
    if (payload.size() - at < len) throw CheckpointError(path + ": section '" + name + "' overruns the file");
    sections_[name] = payload.substr(at, len);
    at += len;
  }
}

const std::string& CheckpointReader::get(const std::string& name) const {
  auto it = sections_.find(name);
  if (it == sections_.end()) throw CheckpointError(path_ + ": checkpoint lacks section '" + name + "'");
  return it->second;
}

std::vector<float> CheckpointReader::get_floats(const std::string& name) const {
  const std::string& b = get(name);
  if (b.size() % sizeof(float) != 0)
    throw CheckpointError(path_ + ": section '" + name + "' has a partial value");
  std::vector<float> v(b.size() / sizeof(float));
  if (!v.empty()) std::memcpy(v.data(), b.data(), b.size());  // an empty v.data() may be null
  return v;
}

}  // namespace ganscope::train
