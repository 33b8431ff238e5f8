#include "train/timelapse.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "io/pictures.h"
#include "train/snapshot.h"

namespace ganscope::train {

namespace {

// A 3x5 font: 5 rows of 3 bits each, top row first, high bit on the left.
struct Glyph {
  char c;
  std::uint8_t rows[5];
};
constexpr Glyph kFont[] = {
    {'0', {7, 5, 5, 5, 7}}, {'1', {2, 6, 2, 2, 7}}, {'2', {7, 1, 7, 4, 7}}, {'3', {7, 1, 7, 1, 7}},
    {'4', {5, 5, 7, 1, 1}}, {'5', {7, 4, 7, 1, 7}}, {'6', {7, 4, 7, 5, 7}}, {'7', {7, 1, 1, 1, 1}},
    {'8', {7, 5, 7, 5, 7}}, {'9', {7, 5, 7, 1, 7}}, {'s', {0, 3, 6, 1, 6}}, {'t', {2, 7, 2, 2, 3}},
    {'e', {0, 7, 7, 4, 7}}, {'p', {0, 7, 5, 7, 4}}, {',', {0, 0, 0, 2, 4}}, {' ', {0, 0, 0, 0, 0}},
};

const Glyph* glyph(char c) {
  for (const Glyph& g : kFont)
    if (g.c == c) return &g;
  return nullptr;
}

std::string step_text(std::int64_t step) { return "step " + std::to_string(step); }

}  // namespace

TimelapseSource timelapse_source(const Snapshot& s) {
  TimelapseSource out;
  out.grid_count = s.grid_count;
  if (s.images) {
    out.rows = s.rows;
    out.cols = s.cols;
    out.channels = s.channels;
  } else {
    // The plot spans the data with a margin, and at least [-3, 3] (samples.png's).
    out.backdrop = s.plane.real_points;
    for (float v : out.backdrop)
      if (std::isfinite(v)) out.lim = std::max(out.lim, 1.1f * std::abs(v));
  }
  out.frames = s.grid_frames;
  return out;
}

void draw_label(std::vector<std::uint8_t>& rgb, int w, int h, int x, int y, const std::string& text, int dot) {
  const int width = (int(text.size()) * 4 + 1) * dot, height = 7 * dot;
  for (int v = y; v < std::min(h, y + height); ++v)
    for (int u = x; u < std::min(w, x + width); ++u) {
      std::uint8_t* p = &rgb[(std::size_t(v) * std::size_t(w) + std::size_t(u)) * 3];
      p[0] = p[1] = p[2] = 20;
    }
  for (std::size_t k = 0; k < text.size(); ++k) {
    const Glyph* g = glyph(text[k]);
    if (!g) continue;
    for (int r = 0; r < 5; ++r)
      for (int c = 0; c < 3; ++c) {
        if (!(g->rows[r] >> (2 - c) & 1)) continue;
        for (int dy = 0; dy < dot; ++dy)
          for (int dx = 0; dx < dot; ++dx) {
            const int u = x + (int(k) * 4 + 1 + c) * dot + dx, v = y + (1 + r) * dot + dy;
            if (u < w && v < h) {
              std::uint8_t* p = &rgb[(std::size_t(v) * std::size_t(w) + std::size_t(u)) * 3];
              p[0] = p[1] = p[2] = 255;
            }
          }
      }
  }
}

io::GifFrames timelapse_frames(const TimelapseSource& src, int scale) {
  if (src.frames.empty()) throw std::invalid_argument("no frames kept yet: the grid is kept every " +
                                                      std::to_string(GridFrameStore::kFrameEvery) + " steps");
  io::GifFrames gif;
  if (!src.images()) {
    gif.width = gif.height = 512;
    for (const auto& f : src.frames) {
      gif.frames.push_back(io::scatter_plot(src.backdrop, f->points, 512, src.lim));
      draw_label(gif.frames.back(), 512, 512, 0, 0, step_text(f->step), 3);
    }
    return gif;
  }
  const int per_row = io::grid_columns(src.grid_count);
  int w = 0, h = 0;
  std::vector<std::vector<std::uint8_t>> tiled;
  for (const auto& f : src.frames) {
    if (f->pixels.size() != std::size_t(src.grid_count) * std::size_t(src.rows * src.cols * src.channels))
      throw std::invalid_argument("a frame of another size than the grid");
    tiled.push_back(io::to_rgb(io::tile_images(f->pixels, src.grid_count, src.rows, src.cols, per_row, &w, &h, src.channels),
                           src.channels));
  }
  if (scale <= 0) scale = std::clamp(640 / std::max(w, h), 1, 8);
  scale = std::clamp(scale, 1, 8);
  gif.width = w * scale;
  gif.height = h * scale;
  const int dot = std::max(2, gif.width / 160);
  for (std::size_t k = 0; k < tiled.size(); ++k) {
    gif.frames.push_back(io::scale_up(tiled[k], w, h, scale));
    draw_label(gif.frames.back(), gif.width, gif.height, 0, 0, step_text(src.frames[k]->step), dot);
  }
  return gif;
}

void write_timelapse(const std::string& path, const TimelapseSource& source, int scale, io::Replace replace) {
  io::write_gif(path, timelapse_frames(source, scale), replace);
}

}  // namespace ganscope::train
