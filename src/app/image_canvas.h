// Images as the panels draw them: a sample is channels planes of rows x cols (CHW, as G makes
// it), a texture wants its pixels interleaved (grey, or RGB). Free of GL, so it is tested.
#pragma once

#include <cstdint>
#include <vector>

namespace ganscope::app {

// Several images of one size side by side (or in cells) on one canvas, for one texture.
class ImageCanvas {
 public:
  ImageCanvas(int width, int height, int channels);
  // Puts a CHW image of rows x cols with its top-left corner at (left, top).
  void place(const std::uint8_t* chw, int rows, int cols, int left, int top);
  int width() const { return width_; }
  int height() const { return height_; }
  int channels() const { return channels_; }
  const std::uint8_t* data() const { return pixels_.data(); }

 private:
  int width_, height_, channels_;
  std::vector<std::uint8_t> pixels_;
};

}  // namespace ganscope::app
