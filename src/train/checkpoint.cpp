#include "train/checkpoint.h"

#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "data/input_file.h"
#include "data/memory_budget.h"

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

std::uint32_t crc_of(const char* data, std::size_t size) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const auto* p = reinterpret_cast<const Bytef*>(data);
  std::size_t left = size;
  while (left > 0) {  // crc32 takes a uInt length: feed large payloads in pieces
    uInt n = uInt(std::min<std::size_t>(left, 1u << 30));
    crc = crc32(crc, p, n);
    p += n;
    left -= n;
  }
  return std::uint32_t(crc);
}
std::uint32_t crc_of(const std::string& s) { return crc_of(s.data(), s.size()); }

}  // namespace

// file_ is the header's room, then the sections; bytes() and release() fill the header in.
CheckpointWriter::CheckpointWriter(std::size_t expected_bytes) : file_(kHeaderBytes, '\0') {
  file_.reserve(kHeaderBytes + expected_bytes);
}

void CheckpointWriter::add(const std::string& name, const char* bytes, std::size_t size) {
  put<std::uint32_t>(file_, std::uint32_t(name.size()));
  file_ += name;
  put<std::uint64_t>(file_, size);
  file_.append(bytes, size);
}

void CheckpointWriter::add(const std::string& name, const std::string& bytes) {
  add(name, bytes.data(), bytes.size());
}

void CheckpointWriter::add_floats(const std::string& name, const std::vector<float>& v) {
  add(name, reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
}

std::string CheckpointWriter::header() const {
  const std::size_t payload = file_.size() - kHeaderBytes;
  std::string h(kMagic, 8);
  put<std::uint32_t>(h, kCheckpointVersion);
  put<std::uint64_t>(h, payload);
  put<std::uint32_t>(h, crc_of(file_.data() + kHeaderBytes, payload));
  return h;
}

std::string CheckpointWriter::bytes() const {
  std::string file = file_;
  file.replace(0, kHeaderBytes, header());
  return file;
}

std::string CheckpointWriter::release() {
  file_.replace(0, kHeaderBytes, header());  // the same length: in place
  return std::move(file_);
}

void CheckpointWriter::write(const std::string& path) { write_file_atomically(path, release()); }

// Checkpoint writers catch CheckpointError (the GUI's save reports it and goes on), so the
// general writer's errors keep that type here.
void write_file_atomically(const std::string& path, const std::string& bytes) {
  try {
    io::write_file_atomically(path, bytes);
  } catch (const io::WriteError& e) {
    throw CheckpointError(e.what());
  }
}

// The header alone, against the file's real size, before the payload is read or allocated.
// Returns the payload's size and CRC-32.
static std::pair<std::uint64_t, std::uint32_t> check_header(const char* h, std::uint64_t file_size,
                                                     const std::string& path) {
  if (file_size < kHeaderBytes || std::memcmp(h, kMagic, 8) != 0)
    throw CheckpointError(path + ": not a ganscope checkpoint");
  std::string head(h, kHeaderBytes);
  std::size_t at = 8;
  auto version = take<std::uint32_t>(head, at);
  if (version != kCheckpointVersion)
    throw CheckpointError(path + ": checkpoint format version " + std::to_string(version) +
                          ", this ganscope reads version " + std::to_string(kCheckpointVersion));
  auto size = take<std::uint64_t>(head, at);
  auto crc = take<std::uint32_t>(head, at);
  if (size != file_size - kHeaderBytes)
    throw CheckpointError(path + ": checkpoint is truncated or has trailing bytes (" +
                          std::to_string(file_size - kHeaderBytes) + " of " +
                          std::to_string(size) + " payload bytes)");
  if (file_size > kMaxCheckpointBytes)
    throw CheckpointError(path + ": checkpoint is " + data::byte_size_text(double(file_size)) +
                          ", more than any model's can be (" +
                          data::byte_size_text(double(kMaxCheckpointBytes)) + ")");
  return {size, crc};
}

CheckpointReader::CheckpointReader(const std::string& path) : path_(path) {
  data::InputFile in(path);
  if (!in.ok())
    throw CheckpointError(path + ": " +
                          std::string(in.fault()).replace(0, 11, "cannot open the checkpoint"));
  char head[kHeaderBytes] = {};
  const std::size_t got = std::size_t(std::min<std::uint64_t>(in.size(), kHeaderBytes));
  if (!in.read_exact(head, got)) throw CheckpointError(path + ": " + in.fault());
  const auto [size, crc] = check_header(head, in.size(), path);
  const std::string refusal = data::memory_refusal("reading it", double(in.size()));
  if (!refusal.empty()) throw CheckpointError(path + ": checkpoint is too large: " + refusal);
  std::string payload(std::size_t(size), '\0');
  if (!in.read_exact(payload.data(), payload.size()))
    throw CheckpointError(path + ": " + in.fault());
  parse_payload(payload, crc);
}

CheckpointReader CheckpointReader::from_bytes(const std::string& bytes, const std::string& source) {
  CheckpointReader r;
  r.path_ = source;
  const char* h = bytes.size() >= kHeaderBytes ? bytes.data() : "";
  const auto [size, crc] = check_header(h, bytes.size(), source);
  (void)size;
  r.parse_payload(bytes.substr(kHeaderBytes), crc);
  return r;
}

void CheckpointReader::parse_payload(const std::string& payload, std::uint32_t crc) {
  const std::string& path = path_;
  if (crc_of(payload) != crc) throw CheckpointError(path + ": checkpoint is damaged (checksum mismatch)");
  std::size_t at = 0;
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
