// ganscope export: a run as picture files. --timelapse OUT.gif draws the grid frames the run
// kept (RUN/frames, train/frame_file.h) as an animated GIF (train/timelapse.h); --walk I,J,...
// walks G's latent space through grid cells (train/latent_walk.h) as a GIF or a PNG strip.
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/run_folder.h"
#include "train/snapshot_builder.h"
#include "train/frame_file.h"
#include "train/latent_walk.h"
#include "train/snapshot.h"
#include "train/timelapse.h"

namespace ganscope::cli {

namespace {

const char* kExportHelp =
    "usage: ganscope export --run RUN --timelapse OUT.gif [--scale S] [--delay CS] [--overwrite]\n"
    "       ganscope export --run RUN --walk I,J[,K...] --out OUT.gif|OUT.png [--steps N] [--lerp]\n"
    "                       [--class C] [--ema] [--overwrite]\n"
    "--timelapse: the sample grid (2D: G's points over the data) as the run went, one frame\n"
    "every 200 steps (older ones thinned: at most 64 frames, first to last), the step in a\n"
    "corner, as an animated GIF that loops. RUN/frames holds them: `ganscope train` writes it\n"
    "with each checkpoint. --scale S draws each pixel S times (1-8; default: the largest that\n"
    "keeps the picture within 640 pixels), --delay CS shows each frame CS hundredths of a\n"
    "second (default 10).\n"
    "--walk: G from grid cell I's latent to J's (and on to K's ...; cells count from 0, row by\n"
    "row, as in samples.png), N points a leg (default 16), along the sphere (slerp) or with\n"
    "--lerp a straight line; a GIF of the points in order, or a PNG strip with a row per leg.\n"
    "--class C: a conditional G's class for the whole walk; --ema: G's average of weights.\n"
    "OUT is written whole or not at all, and never over a run's files.\n";

void export_timelapse(const Args& a, const RunFolder& folder, const std::string& out) {
  if (std::filesystem::path(out).extension() != ".gif")
    throw UsageError("--timelapse " + out + ": the file must end in .gif");
  const int scale = int(a.integer("scale", 0, 1, 8));
  const int delay = int(a.integer("delay", 10, 1, 1000));
  std::error_code ec;
  if (!std::filesystem::exists(folder.frames, ec))
    throw UsageError(folder.frames + " does not exist: " +
                     (std::filesystem::exists(folder.checkpoint, ec)
                          ? "the run was trained before ganscope kept frames; train it on with --resume"
                          : folder.dir + " is not a run folder (ganscope train --out " + folder.dir + " makes one)"));
  const io::Replace replace = check_output(a, out, folder.dir);
  const train::TimelapseSource source = train::load_frames(folder.frames);
  io::GifFrames gif = train::timelapse_frames(source, scale);
  gif.delay_cs = delay;
  io::write_gif(out, gif, replace);
  std::cout << "wrote " << out << ": " << gif.frames.size() << " frames of " << gif.width << "x" << gif.height
            << ", steps " << source.frames.front()->step << " to " << source.frames.back()->step << "\n";
}

// "3,17,42" as cell numbers, each below cells.
std::vector<int> cell_list(const std::string& text, int cells) {
  std::vector<int> out;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    std::size_t used = 0;
    int k = -1;
    try {
      k = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || k < 0 || k >= cells)
      throw UsageError("--walk " + text + ": '" + item + "' is not a grid cell (0 to " + std::to_string(cells - 1) + ")");
    out.push_back(k);
  }
  if (out.size() < 2 || out.size() > 64) throw UsageError("--walk " + text + ": give 2 to 64 grid cells, e.g. --walk 3,17");
  return out;
}

void export_walk(const Args& a, const RunFolder& folder, const std::string& out) {
  const std::string ext = std::filesystem::path(out).extension().string();
  if (ext != ".gif" && ext != ".png") throw UsageError("--out " + out + ": a walk is written as .gif or .png");
  const int steps = int(a.integer("steps", 16, 2, 256));
  const io::Replace replace = check_output(a, out, folder.dir);
  SavedGenerator saved = load_saved_generator(a);
  train::Trainer& trainer = *saved.trainer;
  if (a.has("ema")) {
    if (!trainer.has_ema()) throw UsageError("--ema: this run keeps no average of G (its ema_beta is 0)");
    trainer.set_use_ema(true);
  }
  if (!saved.makes_images())
    throw UsageError("this model makes 2D points: its walks are lines on the plane (the window's explorer draws them)");
  train::Walk walk;
  walk.label = wanted_class(a, trainer);
  walk.steps = steps;
  walk.spherical = !a.has("lerp");
  train::Snapshot s;
  train::fill_snapshot(trainer, s);
  const std::size_t dim = std::size_t(s.latent_dim);
  for (int k : cell_list(a.required("walk"), s.grid_count))
    walk.waypoints.emplace_back(s.fixed_latents.begin() + std::ptrdiff_t(std::size_t(k) * dim),
                                s.fixed_latents.begin() + std::ptrdiff_t(std::size_t(k + 1) * dim));
  const train::WalkImages images = train::walk_images(*s.generator, walk, saved.rows, saved.cols, saved.channels);
  train::write_walk(out, images, replace);
  std::cout << "wrote " << out << ": " << images.legs << (images.legs == 1 ? " leg" : " legs") << " of " << steps
            << " steps\n";
}

}  // namespace

int export_command(int argc, char** argv) {
  return guarded("export", [&] {
    Args a;
    a.option("run").option("timelapse").option("scale").option("delay").option("overwrite", false);
    a.option("walk").option("out").option("steps").option("lerp", false).option("class").option("ema", false);
    a.option("help", false);
    a.parse(argc, argv, 2);
    if (a.has("help")) {
      std::cout << kExportHelp;
      return 0;
    }
    const RunFolder folder(a.required("run"));
    if (a.has("timelapse") == a.has("walk"))
      throw UsageError("say what to export: --timelapse OUT.gif, or --walk I,J --out OUT.gif|OUT.png");
    if (a.has("timelapse")) export_timelapse(a, folder, a.required("timelapse"));
    else export_walk(a, folder, a.required("out"));
    return 0;
  });
}

}  // namespace ganscope::cli
