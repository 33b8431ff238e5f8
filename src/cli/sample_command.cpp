// ganscope sample: draws N samples from a trained generator into an IDX3 file or a CSV.
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "data/dataset.h"
#include "data/idx.h"
#include "train/checkpoint.h"
#include "train/trainer.h"

namespace ganscope::cli {

namespace {

const char* kHelp =
    "usage: ganscope sample (--run RUN | --checkpoint F) --n N --out FILE [--seed S]\n"
    "FILE.idx (or FILE.idx.gz): IDX3 ubyte images, MNIST's own format, for image models.\n"
    "FILE.csv: x,y per line, for 2D models.\n";

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

int sample_command(int argc, char** argv) {
  return guarded("sample", [&] {
    Args a;
    a.option("run").option("checkpoint").option("n").option("out").option("seed");
    a.option("help", false);
    a.parse(argc, argv, 2);
    if (a.has("help")) {
      std::cout << kHelp;
      return 0;
    }
    if (a.has("run") == a.has("checkpoint")) throw UsageError("give --run RUN or --checkpoint F");
    if (!a.has("n")) throw UsageError("'--n' is required");
    const int n = int(a.integer("n", 0, 1, 10000000));
    const std::string out = a.required("out");
    const bool idx = ends_with(out, ".idx") || ends_with(out, ".idx.gz");
    if (!idx && !ends_with(out, ".csv")) throw UsageError("--out must end in .idx, .idx.gz or .csv");
    SavedGenerator saved = load_saved_generator(a);
    train::Trainer& trainer = *saved.trainer;
    const int rows = saved.rows, cols = saved.cols;
    const bool makes_images = saved.makes_images();
    if (idx && !makes_images) throw UsageError("this model makes 2D points: use --out FILE.csv");
    if (!idx && trainer.output_dim() != 2) throw UsageError("this model makes images: use --out FILE.idx");

    const auto seed = std::uint64_t(a.integer("seed", 1, 0, 1LL << 53));
    if (idx) {
      // Generated and written 1,024 images at a time: any --n fits in a few MB.
      std::vector<std::uint8_t> pixels;
      data::write_idx_images(out, n, rows, cols, [&](const data::PixelSink& put) {
        trainer.generate_each(n, seed, [&](const float* y, int m) {
          pixels.resize(std::size_t(m) * std::size_t(trainer.output_dim()));
          for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = data::unit_to_pixel(y[i]);
          put(pixels.data(), pixels.size());
        });
      });
    } else {
      auto xs = trainer.generate(n, seed);  // 2D points: 80 MB of floats at most
      std::ostringstream s;
      s.precision(7);
      s << "x,y\n";
      for (std::size_t i = 0; i + 1 < xs.size(); i += 2) s << xs[i] << ',' << xs[i + 1] << '\n';
      train::write_file_atomically(out, s.str());
    }
    std::cout << "wrote " << n << " samples to " << out << "\n";
    return 0;
  });
}

}  // namespace ganscope::cli
