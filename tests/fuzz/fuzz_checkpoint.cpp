// libFuzzer target: the checkpoint reader (train/checkpoint.h). A CheckpointError is the
// expected answer to a bad file.
//
// Nearly every mutation breaks the header's payload length or CRC-32, which would keep the
// fuzzer at the door; so each input is read twice: as it is, and, when it starts with the
// magic, with length and CRC patched to match, which lets mutations reach the section parser.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "train/checkpoint.h"

using namespace ganscope;

namespace {

constexpr std::size_t kHeaderBytes = 8 + 4 + 8 + 4;  // magic, version, payload bytes, CRC-32

// The sections a real checkpoint holds (train/trainer_io.cpp), plus one it never does.
const char* const kSections[] = {"config", "state",      "G",   "D",       "G.optimizer",
                                 "D.optimizer", "data_shape", "rng", "sampler", "fixed_latents",
                                 "history", "marks",     "",    "absent"};

void read(const std::uint8_t* data, std::size_t size) {
  fuzz::InputFile file("checkpoint", data, size);
  try {
    train::CheckpointReader r(file.path());
    for (const char* name : kSections) {
      if (!r.has(name)) continue;
      try {
        const std::vector<float> v = r.get_floats(name);
        if (v.size() * sizeof(float) != r.get(name).size())
          fuzz::invariant_failed("get_floats returned a different number of bytes than get");
      } catch (const train::CheckpointError&) {
        if (r.get(name).size() % sizeof(float) == 0)
          fuzz::invariant_failed("get_floats refused a whole number of floats");
      }
    }
  } catch (const train::CheckpointError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  read(data, size);
  if (size < kHeaderBytes || std::memcmp(data, "GANSCOPE", 8) != 0) return 0;
  std::vector<std::uint8_t> fixed(data, data + size);
  const std::uint64_t payload = size - kHeaderBytes;
  const std::uint32_t crc = std::uint32_t(
      crc32(crc32(0L, Z_NULL, 0), fixed.data() + kHeaderBytes, uInt(payload)));
  for (int i = 0; i < 8; ++i) fixed[12 + i] = std::uint8_t(payload >> (8 * i));
  for (int i = 0; i < 4; ++i) fixed[20 + i] = std::uint8_t(crc >> (8 * i));
  read(fixed.data(), fixed.size());
  return 0;
}
