#include "train/latent_walk.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "io/pictures.h"
#include "train/latent_path.h"

namespace ganscope::train {

WalkImages walk_images(const GeneratorCopy& g, const Walk& walk, int rows, int cols, int channels) {
  if (walk.waypoints.size() < 2) throw std::invalid_argument("a walk needs two points or more");
  if (walk.steps < 2 || walk.steps > 256) throw std::invalid_argument("a walk's steps must be 2..256 a leg");
  if (walk.waypoints.size() > 64 || (walk.waypoints.size() - 1) * std::size_t(walk.steps + 1) > 4096)
    throw std::invalid_argument("a walk of at most 64 points and 4,096 images");
  for (const auto& z : walk.waypoints)
    if (int(z.size()) != g.latent_dim())
      throw std::invalid_argument("a walk's point of " + std::to_string(z.size()) + " values for a latent of " +
                                  std::to_string(g.latent_dim()));
  if (rows < 1 || cols < 1 || channels * rows * cols != g.output_dim())
    throw std::invalid_argument("the walk's images are not G's output (a 2D model's walk is a line on the plane)");
  WalkImages out;
  out.legs = int(walk.waypoints.size()) - 1;
  out.per_leg = walk.steps + 1;
  out.rows = rows;
  out.cols = cols;
  out.channels = channels;
  std::vector<float> z;
  for (int leg = 0; leg < out.legs; ++leg)
    for (int k = 0; k < out.per_leg; ++k) {
      const std::vector<float> p = interpolate(walk.waypoints[std::size_t(leg)], walk.waypoints[std::size_t(leg) + 1],
                                               float(k) / float(walk.steps), walk.spherical);
      z.insert(z.end(), p.begin(), p.end());
    }
  const int n = out.legs * out.per_leg;
  const std::vector<int> labels(std::size_t(n), std::max(walk.label, 0));
  const std::vector<float> y = g.generate(z.data(), n, g.classes() > 0 ? labels.data() : nullptr);
  out.pixels.resize(y.size());
  to_pixels(y.data(), y.size(), out.pixels.data());
  return out;
}

io::GifFrames walk_gif(const WalkImages& w, int scale) {
  const std::size_t image = std::size_t(w.rows) * std::size_t(w.cols) * std::size_t(w.channels);
  if (scale <= 0) scale = std::clamp(256 / std::max(w.rows, w.cols), 1, 8);
  io::GifFrames gif;
  gif.width = w.cols * scale;
  gif.height = w.rows * scale;
  gif.delay_cs = 8;
  for (int leg = 0; leg < w.legs; ++leg)
    for (int k = leg == 0 ? 0 : 1; k < w.per_leg; ++k) {  // a leg's first point ends the last one
      const std::uint8_t* chw = w.pixels.data() + std::size_t(leg * w.per_leg + k) * image;
      const std::vector<std::uint8_t> rgb = io::to_rgb(io::interleave(chw, w.channels, w.rows, w.cols), w.channels);
      gif.frames.push_back(io::scale_up(rgb, w.cols, w.rows, scale));
    }
  return gif;
}

void write_walk(const std::string& path, const WalkImages& w, io::Replace replace) {
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".gif") {
    io::write_gif(path, walk_gif(w), replace);
  } else if (ext == ".png") {
    int width = 0, height = 0;
    const auto strip = io::tile_images(w.pixels, w.legs * w.per_leg, w.rows, w.cols, w.per_leg, &width, &height, w.channels);
    io::write_png(path, width, height, w.channels, strip, replace);
  } else {
    throw std::invalid_argument(path + ": a walk is written as .gif or .png");
  }
}

}  // namespace ganscope::train
