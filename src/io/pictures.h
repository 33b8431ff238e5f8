// Pictures of samples, for headless runs and exports: an image grid, or a scatter plot of 2D
// points, and PNG files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/atomic_file.h"

namespace ganscope::io {

// count images of channels planes of rows x cols (uint8, CHW) tiled per_row across with a
// 1-pixel dark border. Returns an image of *width x *height, channels values a pixel
// interleaved (grey, or RGB as PNG wants it).
std::vector<std::uint8_t> tile_images(const std::vector<std::uint8_t>& pixels, int count,
                                      int rows, int cols, int per_row, int* width, int* height,
                                      int channels = 1);
// How many samples a grid of count puts across: ceil(sqrt(count)), as the window's grid does
// (a conditional GAN's 100 samples: a row of 10 per class).
int grid_columns(int count);
// Interleaved pixels of `channels` (1 grey, 3 RGB) as RGB.
std::vector<std::uint8_t> to_rgb(std::vector<std::uint8_t> pixels, int channels);
// An RGB picture of w x h with each pixel drawn scale x scale times.
std::vector<std::uint8_t> scale_up(const std::vector<std::uint8_t>& rgb, int w, int h, int scale);
// One CHW image as interleaved pixels (HWC), the layout of PNG files and textures.
std::vector<std::uint8_t> interleave(const std::uint8_t* chw, int channels, int rows, int cols);

// Real points in grey and fake points in red on a size x size RGB canvas spanning [-lim, lim].
std::vector<std::uint8_t> scatter_plot(const std::vector<float>& real_xy,
                                       const std::vector<float>& fake_xy, int size, float lim);

// Encodes a PNG (channels 1 or 3) and writes it atomically; throws WriteError.
void write_png(const std::string& path, int width, int height, int channels,
               const std::vector<std::uint8_t>& pixels, Replace replace = Replace::Yes);

}  // namespace ganscope::io
