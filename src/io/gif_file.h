// Animated GIFs, with giflib (libgif-dev): frames of one size, looping, written atomically
// (io/atomic_file.h), so a full disk or a failure leaves the old file or none, never part of
// one. Chosen over APNG and MP4 because every browser, chat and slide tool shows a GIF, and a
// timelapse of a sample grid has few colours: grey grids and 2D plots are exact in a GIF's
// 256-colour palette; a colour grid is median-cut to 256 colours per frame.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/atomic_file.h"

namespace ganscope::io {

struct GifFrames {
  int width = 0, height = 0;                      // 1..65535 each, a GIF's limit
  std::vector<std::vector<std::uint8_t>> frames;  // each width * height RGB pixels, interleaved
  int delay_cs = 10;                              // how long each frame shows, in 1/100 s
  int last_delay_cs = 100;                        // the last frame's: a pause before the loop
};

// The GIF's bytes. Throws std::invalid_argument for no frames, a size outside 1..65535, or a
// frame of another size; std::runtime_error when giflib fails.
std::string encode_gif(const GifFrames& gif);
// Encodes and writes atomically; throws WriteError naming path (a full disk included).
// Replace::No refuses a file that is there when the write ends.
void write_gif(const std::string& path, const GifFrames& gif, Replace replace = Replace::Yes);

}  // namespace ganscope::io
