// ganscope sample: draws N samples from a trained generator into an IDX file, a folder of PNG
// files, or a CSV.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/run_folder.h"
#include "io/pictures.h"
#include "data/dataset.h"
#include "data/idx.h"
#include "io/atomic_file.h"
#include "train/checkpoint.h"
#include "train/conditioning.h"
#include "train/state_folder.h"
#include "train/trainer.h"

namespace ganscope::cli {

namespace {

const char* kSampleHelp =
    "usage: ganscope sample (--run RUN | --checkpoint F) --n N --out FILE [--overwrite] [--seed S]\n"
    "                       [--ema] [--class C] [--step N]\n"
    "--step N: G as it was near step N: of the full states the run kept (RUN/states, one every\n"
    "  1,000 steps, older ones thinned) and its checkpoint, the one nearest N; it says which.\n"
    "--ema: from the run's average of G's weights (ema_beta) instead of G itself.\n"
    "--class C: a conditional model's class C only (its name or number); without it the\n"
    "  classes take turns (sample i is of class i mod the class count).\n"
    "FILE.idx (or FILE.idx.gz): IDX3 ubyte images, MNIST's own format, for image models;\n"
    "  colour models write IDX4 ubyte of shape (n, h, w, 3), RGB interleaved.\n"
    "DIR/ (ending in /): one PNG per sample, sample_000000.png on; DIR must not exist or be\n"
    "  empty, and appears whole or not at all.\n"
    "FILE.csv: x,y per line, for 2D models.\n"
    "An existing FILE is replaced only with --overwrite, and never when it is one of a run's\n"
    "own files (checkpoint, metrics.csv, layers.csv, samples.png, .lock, run-id, config.json).\n";

constexpr int kMaxPngFiles = 100000;

// The PNGs go to a sibling folder first, renamed to dir when all are written: an interrupted
// or failed run leaves no half-filled folder under the name asked for.
void write_png_folder(const std::string& dir, int n, std::uint64_t seed, const SavedGenerator& saved, int label) {
  namespace fs = std::filesystem;
  const fs::path target = fs::path(dir).parent_path();  // "out/" -> "out"
  std::error_code ec;
  if (fs::exists(target, ec) && !(fs::is_directory(target, ec) && fs::is_empty(target, ec)))
    throw UsageError(target.string() + " already exists and is not an empty folder; choose another --out");
  const fs::path partial = target.string() + ".partial-" + std::to_string(::getpid());
  fs::remove_all(partial, ec);
  fs::create_directories(partial);
  try {
    const int c = saved.channels, rows = saved.rows, cols = saved.cols;
    std::vector<std::uint8_t> chw(std::size_t(c) * rows * cols);
    int written = 0;
    saved.trainer->generate_each(n, seed, [&](const float* y, int m) {
      for (int k = 0; k < m; ++k, ++written) {
        for (std::size_t i = 0; i < chw.size(); ++i) chw[i] = data::unit_to_pixel(y[std::size_t(k) * chw.size() + i]);
        char name[32];
        std::snprintf(name, sizeof name, "sample_%06d.png", written);
        io::write_png((partial / name).string(), cols, rows, c, io::interleave(chw.data(), c, rows, cols));
      }
    }, label);
    if (fs::exists(target, ec)) fs::remove(target);  // empty, checked above
    fs::rename(partial, target);
  } catch (...) {
    fs::remove_all(partial, ec);
    throw;
  }
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

int sample_command(int argc, char** argv) {
  return guarded("sample", [&] {
    Args a;
    a.option("run").option("checkpoint").option("n").option("out").option("seed").option("class").option("step");
    a.option("overwrite", false);
    a.option("ema", false);
    a.option("help", false);
    a.parse(argc, argv, 2);
    if (a.has("help")) {
      std::cout << kSampleHelp;
      return 0;
    }
    if (a.has("run") == a.has("checkpoint")) throw UsageError("give --run RUN or --checkpoint F");
    if (!a.has("n")) throw UsageError("'--n' is required");
    const int n = int(a.integer("n", 0, 1, 10000000));
    const std::string out = a.required("out");
    std::error_code ec;
    const bool idx = ends_with(out, ".idx") || ends_with(out, ".idx.gz");
    const bool pngs = ends_with(out, "/");
    if (!idx && !pngs && !ends_with(out, ".csv"))
      throw UsageError("--out must end in .idx, .idx.gz, .csv, or / (a folder of PNG files)");
    if (pngs && n > kMaxPngFiles)
      throw UsageError("--n " + std::to_string(n) + ": at most " + std::to_string(kMaxPngFiles) +
                       " PNG files; use --out FILE.idx for more");
    const std::string run_dir = a.has("run") ? a.required("run")
        : std::filesystem::path(a.required("checkpoint")).parent_path().string();
    if (a.has("checkpoint") && std::filesystem::equivalent(out, a.required("checkpoint"), ec))
      throw UsageError(out + " is one of a run's own files; sample never writes over them, "
                       "choose another --out");
    const io::Replace replace = check_output(a, out, run_dir);
    SavedGenerator saved = load_saved_generator(a);
    train::Trainer& trainer = *saved.trainer;
    if (a.has("step")) {
      const std::int64_t wanted = a.integer("step", 0, 0, 1LL << 53);
      // The nearest of the kept states and the checkpoint itself; the earlier on a tie.
      const std::string states = RunFolder(run_dir).states;
      std::int64_t best = trainer.steps();
      for (std::int64_t k : train::state_steps(states))
        if (std::llabs(k - wanted) < std::llabs(best - wanted) || (std::llabs(k - wanted) == std::llabs(best - wanted) && k < best))
          best = k;
      if (best != trainer.steps()) trainer.load(train::state_path(states, best));
      std::cerr << "ganscope sample: G of step " << best << ", the state kept nearest step " << wanted
                << (best == wanted ? "" : " (states are kept every 1,000 steps, older ones thinned)") << "\n";
    }
    if (a.has("ema")) {
      if (!trainer.has_ema())
        throw UsageError("--ema: this run keeps no average of G (its ema_beta is 0)");
      trainer.set_use_ema(true);
    }
    const int rows = saved.rows, cols = saved.cols;
    const bool makes_images = saved.makes_images();
    if ((idx || pngs) && !makes_images) throw UsageError("this model makes 2D points: use --out FILE.csv");
    if (!idx && !pngs && trainer.output_dim() != 2)
      throw UsageError("this model makes images: use --out FILE.idx or --out DIR/");

    const std::uint64_t seed = std::uint64_t(a.integer("seed", 1, 0, 1LL << 53));
    const int label = wanted_class(a, trainer);
    if (pngs) {
      write_png_folder(out, n, seed, saved, label);
    } else if (idx) {
      // Generated and written 1,024 images at a time: any --n fits in a few MB. Colour goes
      // to the file interleaved (HWC), G makes it planar (CHW).
      const int c = saved.channels;
      std::vector<std::uint8_t> pixels, image(std::size_t(c) * rows * cols);
      data::write_idx_images(out, n, rows, cols, [&](const data::PixelSink& put) {
        trainer.generate_each(n, seed, [&](const float* y, int m) {
          pixels.resize(std::size_t(m) * std::size_t(trainer.output_dim()));
          for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = data::unit_to_pixel(y[i]);
          if (c != 1)
            for (int k = 0; k < m; ++k) {
              std::uint8_t* one = pixels.data() + std::size_t(k) * image.size();
              image = io::interleave(one, c, rows, cols);
              std::copy(image.begin(), image.end(), one);
            }
          put(pixels.data(), pixels.size());
        }, label);
      }, replace, c);
    } else {
      // Points go to the file as they are made, a piece at a time: memory stays small for
      // millions of points, and the file appears whole at the end (or not at all).
      io::AtomicFile file(out, replace);
      nn::Rng rng(seed);
      std::string text = "x,y\n";
      constexpr int kPiece = 1 << 16;
      for (int done = 0; done < n; done += kPiece) {
        std::vector<float> xs;
        trainer.generate_each(std::min(kPiece, n - done), rng, [&](const float* y, int m) {
          xs.insert(xs.end(), y, y + 2 * m);
        }, label);
        std::ostringstream s;
        s.precision(7);
        for (std::size_t i = 0; i + 1 < xs.size(); i += 2) s << xs[i] << ',' << xs[i + 1] << '\n';
        text += s.str();
        file.write(text.data(), text.size());
        text.clear();
      }
      file.commit();
    }
    std::cout << "wrote " << n << " samples to " << out << "\n";
    return 0;
  });
}

}  // namespace ganscope::cli
