// Walks through G's latent space as pictures (issue 14, "Exports"): from waypoint to waypoint
// (two or more latents: the explorer's A and B, or grid cells named on the command line),
// `steps` points a leg, G on each point through a frozen copy (train/generator_copy.h), then an
// animated GIF (a frame per point, in order) or a PNG strip (a row per leg, from its waypoint
// to the next). Images only: a 2D walk is a line on the plane, which the plane's PNG shows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/atomic_file.h"
#include "io/gif_file.h"
#include "train/generator_copy.h"

namespace ganscope::train {

struct Walk {
  std::vector<std::vector<float>> waypoints;  // latent_dim floats each, 2 or more
  int steps = 16;                             // points a leg, its first waypoint included: 2..256
  bool spherical = true;                      // slerp (train/latent_path.h), else lerp
  int label = -1;                             // a conditional G's class for every point (-1: 0)
};

struct WalkImages {
  int legs = 0, per_leg = 0;       // per_leg = steps + 1: each leg's row ends at its waypoint
  int rows = 0, cols = 0, channels = 1;
  std::vector<std::uint8_t> pixels;  // legs * per_leg images, CHW each, one after another
};

// Throws std::invalid_argument for fewer than two waypoints, latents of the wrong size, steps
// outside 2..256 or an image shape that is not G's output.
WalkImages walk_images(const GeneratorCopy& g, const Walk& walk, int rows, int cols, int channels);

// The walk as a GIF: its points in order (each waypoint once), each image drawn `scale` times
// (0: up to 256 pixels a side), the last frame held a second.
io::GifFrames walk_gif(const WalkImages& w, int scale = 0);
// Writes OUT.gif (walk_gif) or OUT.png (the strip), by the name's extension, atomically.
void write_walk(const std::string& path, const WalkImages& w, io::Replace replace = io::Replace::Yes);

}  // namespace ganscope::train
