// libFuzzer target: the IDX reader (data/idx.h) on arbitrary bytes, read both as an image file
// and as a label file; bytes starting 1f 8b take the gzip path. A DataError is the expected
// answer to a bad file; any other exception, a sanitizer report, a hang or a huge allocation
// is a bug.
#include <cstddef>
#include <cstdint>

#include "data/idx.h"
#include "fuzz_input.h"

using namespace ganscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::InputFile file("idx", data, size);
  try {
    const data::IdxImages im = data::read_idx_images(file.path());
    if (im.count < 1 || im.rows < 1 || im.cols < 1 ||
        im.pixels.size() != std::size_t(im.count) * std::size_t(im.rows) * std::size_t(im.cols))
      fuzz::invariant_failed("read_idx_images returned an inconsistent image set");
    const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    if (!gzip && 16 + im.pixels.size() != size)
      fuzz::invariant_failed("a raw image file's length is not header + pixels");
  } catch (const data::DataError&) {
  }
  try {
    const auto labels = data::read_idx_labels(file.path());
    if (labels.empty()) fuzz::invariant_failed("read_idx_labels returned no labels");
  } catch (const data::DataError&) {
  }
  return 0;
}
