#include "io/pictures.h"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "io/atomic_file.h"

namespace ganscope::io {

std::vector<std::uint8_t> tile_images(const std::vector<std::uint8_t>& pixels, int count,
                                      int rows, int cols, int per_row, int* width, int* height,
                                      int channels) {
  int grid_rows = (count + per_row - 1) / per_row;
  int w = per_row * (cols + 1) + 1, h = grid_rows * (rows + 1) + 1;
  const std::size_t plane = std::size_t(rows) * cols;
  std::vector<std::uint8_t> out(std::size_t(w) * h * channels, 40);
  for (int k = 0; k < count; ++k) {
    int x0 = 1 + (k % per_row) * (cols + 1), y0 = 1 + (k / per_row) * (rows + 1);
    const std::uint8_t* image = pixels.data() + std::size_t(k) * channels * plane;
    for (int y = 0; y < rows; ++y)
      for (int x = 0; x < cols; ++x)
        for (int c = 0; c < channels; ++c)
          out[(std::size_t(y0 + y) * w + x0 + x) * channels + c] = image[c * plane + std::size_t(y) * cols + x];
  }
  *width = w;
  *height = h;
  return out;
}

int grid_columns(int count) { return std::max(1, int(std::ceil(std::sqrt(double(count)) - 1e-9))); }

std::vector<std::uint8_t> to_rgb(std::vector<std::uint8_t> pixels, int channels) {
  if (channels == 3) return pixels;
  std::vector<std::uint8_t> rgb(pixels.size() * 3);
  for (std::size_t i = 0; i < pixels.size(); ++i) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = pixels[i];
  return rgb;
}

std::vector<std::uint8_t> scale_up(const std::vector<std::uint8_t>& rgb, int w, int h, int scale) {
  if (scale == 1) return rgb;
  const int W = w * scale;
  std::vector<std::uint8_t> out(std::size_t(W) * std::size_t(h) * std::size_t(scale) * 3);
  for (int y = 0; y < h * scale; ++y)
    for (int x = 0; x < W; ++x)
      std::copy_n(&rgb[(std::size_t(y / scale) * std::size_t(w) + std::size_t(x / scale)) * 3], 3,
                  &out[(std::size_t(y) * std::size_t(W) + std::size_t(x)) * 3]);
  return out;
}

std::vector<std::uint8_t> interleave(const std::uint8_t* chw, int channels, int rows, int cols) {
  const std::size_t plane = std::size_t(rows) * cols;
  std::vector<std::uint8_t> out(plane * channels);
  for (std::size_t p = 0; p < plane; ++p)
    for (int c = 0; c < channels; ++c) out[p * channels + c] = chw[c * plane + p];
  return out;
}

std::vector<std::uint8_t> scatter_plot(const std::vector<float>& real_xy,
                                       const std::vector<float>& fake_xy, int size, float lim) {
  std::vector<std::uint8_t> img(std::size_t(size) * size * 3, 255);
  auto dot = [&](float x, float y, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    int px = int((x + lim) / (2 * lim) * size), py = int((lim - y) / (2 * lim) * size);
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        int u = px + dx, v = py + dy;
        if (u < 0 || v < 0 || u >= size || v >= size) continue;
        std::uint8_t* p = &img[(std::size_t(v) * size + u) * 3];
        p[0] = r, p[1] = g, p[2] = b;
      }
  };
  for (std::size_t i = 0; i + 1 < real_xy.size(); i += 2) dot(real_xy[i], real_xy[i + 1], 150, 150, 150);
  for (std::size_t i = 0; i + 1 < fake_xy.size(); i += 2) dot(fake_xy[i], fake_xy[i + 1], 220, 40, 40);
  return img;
}

static void append_bytes(void* context, void* data, int size) {
  auto* out = static_cast<std::string*>(context);
  out->append(static_cast<const char*>(data), std::size_t(size));
}

void write_png(const std::string& path, int width, int height, int channels,
               const std::vector<std::uint8_t>& pixels, Replace replace) {
  std::string png;
  if (!stbi_write_png_to_func(append_bytes, &png, width, height, channels, pixels.data(),
                              width * channels))
    throw WriteError(path + ": cannot encode PNG");
  write_file_atomically(path, png, replace);
}

}  // namespace ganscope::io
