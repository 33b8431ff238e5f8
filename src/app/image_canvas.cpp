#include "app/image_canvas.h"

namespace ganscope::app {

ImageCanvas::ImageCanvas(int width, int height, int channels)
    : width_(width), height_(height), channels_(channels),
      pixels_(std::size_t(width) * std::size_t(height) * std::size_t(channels), 0) {}

void ImageCanvas::place(const std::uint8_t* chw, int rows, int cols, int left, int top) {
  const std::size_t plane = std::size_t(rows) * std::size_t(cols);
  for (int r = 0; r < rows && top + r < height_; ++r)
    for (int c = 0; c < cols && left + c < width_; ++c) {
      std::uint8_t* out = pixels_.data() + (std::size_t(top + r) * width_ + std::size_t(left + c)) * channels_;
      for (int k = 0; k < channels_; ++k) out[k] = chw[k * plane + std::size_t(r) * cols + c];
    }
}

}  // namespace ganscope::app
