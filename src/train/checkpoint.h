// Checkpoint files: named binary sections behind a versioned, checksummed header, written
// atomically (temporary file, fsync, rename, fsync of the folder) so that a crash at any
// moment leaves either the old checkpoint or the new one, never a torn file.
//
// Layout (little-endian):
//   "GANSCOPE" | u32 version | u64 payload bytes | u32 CRC-32 of the payload | payload
//   payload = sections, each: u32 name length | name | u64 size | bytes
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ganscope::train {

constexpr std::uint32_t kCheckpointVersion = 1;
// No model's checkpoint is larger: network_builder.cpp allows 10^8 parameters per network,
// and G and D each store weights and Adam's two moments (2 x 3 x 4 bytes x 10^8 = 2.4 GB),
// G's average its weights once more (0.4 GB); the rest (latents, history, the data order)
// stays well under the other 0.2 GB. A larger
// file is refused from its size, before it is read.
constexpr std::uint64_t kMaxCheckpointBytes = 3'000'000'000;

class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class CheckpointWriter {
 public:
  // expected_bytes: what the sections will take, reserved at once (a larger checkpoint grows as
  // a string does, by copies of twice the size).
  explicit CheckpointWriter(std::size_t expected_bytes = 0);
  void add(const std::string& name, const std::string& bytes);
  void add(const std::string& name, const char* bytes, std::size_t size);
  void add_floats(const std::string& name, const std::vector<float>& v);
  // The whole file: header and payload.
  std::string bytes() const;
  // The same, moved out without a copy; the writer is empty after.
  std::string release();
  // Writes the file atomically (and releases it); throws CheckpointError on any failure (no
  // partial file left).
  void write(const std::string& path);

 private:
  std::string header() const;
  std::string file_;  // the header's room, then the sections
};

class CheckpointReader {
 public:
  // Reads and verifies the header (magic, version, payload length against the file's size,
  // kMaxCheckpointBytes) before reading the payload, then its checksum; throws
  // CheckpointError.
  explicit CheckpointReader(const std::string& path);
  // The same checks on a checkpoint held in memory; source names it in errors.
  static CheckpointReader from_bytes(const std::string& bytes, const std::string& source);
  bool has(const std::string& name) const { return sections_.count(name) > 0; }
  const std::string& get(const std::string& name) const;  // throws if missing
  std::vector<float> get_floats(const std::string& name) const;

 private:
  CheckpointReader() = default;
  void parse_payload(const std::string& payload, std::uint32_t crc);
  std::string path_;
  std::map<std::string, std::string> sections_;
};

// Writes bytes to path atomically (io/atomic_file.h); throws CheckpointError.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace ganscope::train
