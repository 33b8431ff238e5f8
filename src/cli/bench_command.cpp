// ganscope bench: training steps per second on synthetic data of the model's shape, so it
// measures the engine and not the disk. Its last line is what bench/compare.sh parses.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "data/dataset.h"
#include "train/session.h"
#include "train/trainer.h"

namespace ganscope::cli {

static const char* kBenchHelp =
    "usage: ganscope bench [--preset P | --config F] [--steps N] [--warmup W] [--threads T]\n"
    "                      [--batch B] [--set KEY=VALUE ...]\n"
    "Times N training steps (after W untimed ones) on random data of the model's shape.\n"
    "Last line: \"<preset>: <x> steps/s, <y> GFLOP/s\".\n";

int bench_command(int argc, char** argv) {
  return guarded("bench", [&] {
    Args a;
    a.option("preset").option("config").option("steps").option("warmup").option("threads");
    a.option("batch").repeatable("set").option("help", false);
    a.parse(argc, argv, 2);
    if (a.has("help")) {
      std::cout << kBenchHelp;
      return 0;
    }
    const int steps = int(a.integer("steps", 300, 1, 100000000));
    const int warmup = int(a.integer("warmup", 20, 0, 1000000));
    train::Config cfg = a.has("config") ? train::load_config_file(a.required("config"))
                                        : train::load_preset(a.text("preset", "mlp"));
    cfg.batch = int(a.integer("batch", cfg.batch, 1, 4096));
    apply_settings(a, cfg);

    // Data of the generator's output shape: square images, or 2D points.
    int out = train::build_network(cfg.generator, cfg.latent_dim, "generator").out_features();
    int side = int(std::lround(std::sqrt(double(out))));
    // A conditional model (cgan, cdcgan) needs labels: random ones, of the config's class
    // count or Fashion-MNIST's ten.
    const int classes = cfg.conditional ? (cfg.classes > 0 ? cfg.classes : 10) : 0;
    auto data = out == 2 ? data::open_dataset("ring8", cfg.seed)
                         : data::random_images(4096, side, out / side, cfg.seed, 1, classes);
    train::Trainer trainer(cfg, std::move(data));
    const int threads = int(a.integer(
        "threads", train::default_trainer_threads(false, trainer.flops_per_step()), 1, 1024));
    set_threads(threads);
    for (int i = 0; i < warmup; ++i) trainer.step();
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i) trainer.step();
    double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double sps = steps / sec;
    std::printf("model: batch %d, %d threads, %.1f MFLOP per step\n", cfg.batch, threads,
                trainer.flops_per_step() / 1e6);
    std::printf("%s: %.1f steps/s, %.2f GFLOP/s\n", cfg.name.c_str(), sps,
                sps * trainer.flops_per_step() / 1e9);
    return 0;
  });
}

}  // namespace ganscope::cli
