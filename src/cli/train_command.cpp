// ganscope train: a headless run that writes RUN/metrics.csv, RUN/checkpoint, RUN/samples.png.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/sample_images.h"
#include "nn/threads.h"
#include "train/checkpoint.h"
#include "train/session.h"
#include "train/trainer.h"

namespace ganscope::cli {

namespace {

const char* kHelp =
    "usage: ganscope train [--preset P | --config F] [--data D] --steps N [--seed S]\n"
    "                      [--threads T] --out RUN [--overwrite]\n"
    "Trains without a window and writes RUN/metrics.csv (one row per step), RUN/checkpoint\n"
    "and RUN/samples.png. Ctrl-C stops early and still writes all three.\n";

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "signal handler needs a lock-free flag");

extern "C" void on_signal(int) { g_interrupted = true; }

std::string metrics_csv(const std::vector<train::MetricRow>& rows) {
  std::ostringstream s;
  s.precision(7);
  s << "step,loss_d,loss_g,d_real,d_fake,grad_norm_d,grad_norm_g,lr_d,lr_g,seconds\n";
  for (const auto& r : rows)
    s << r.step << ',' << r.loss_d << ',' << r.loss_g << ',' << r.d_real << ',' << r.d_fake << ','
      << r.grad_norm_d << ',' << r.grad_norm_g << ',' << r.lr_d << ',' << r.lr_g << ','
      << r.seconds << '\n';
  return s.str();
}

}  // namespace

void set_threads(int threads) { nn::set_compute_threads(threads); }

void write_samples_png(train::Trainer& trainer, const std::string& path) {
  train::Snapshot s;
  trainer.fill_snapshot(s);
  if (s.images) {
    int w = 0, h = 0;
    auto img = tile_images(s.grid_pixels, s.grid_count, s.rows, s.cols, 8, &w, &h);
    write_png(path, w, h, 1, img);
  } else {
    write_png(path, 512, 512, 3, scatter_plot(s.real_points, s.grid_points, 512, 3.0f));
  }
}

int train_command(int argc, char** argv) {
  return guarded("train", [&] {
    Args a;
    declare_config_options(a);
    a.option("steps").option("seed").option("threads").option("out");
    a.option("overwrite", false).option("help", false);
    a.parse(argc, argv, 2);
    if (a.has("help")) {
      std::cout << kHelp;
      return 0;
    }
    if (!a.has("steps")) throw UsageError("'--steps' is required");
    const std::int64_t steps = a.integer("steps", 0, 1, 1000000000);
    const std::string out = a.required("out");
    const int threads = int(a.integer("threads", train::default_trainer_threads(false), 1, 1024));
    ResolvedConfig rc = resolve_config(a);
    if (a.has("seed")) rc.config.seed = std::uint64_t(a.integer("seed", 1, 0, 1LL << 53));
    namespace fs = std::filesystem;
    const std::string ckpt = (fs::path(out) / "checkpoint").string();
    if (fs::exists(ckpt) && !a.has("overwrite"))
      throw UsageError(ckpt + " already exists; choose another --out or pass --overwrite");

    set_threads(threads);
    auto trainer = train::Trainer::open(rc.config);  // fails before anything is written
    if (!rc.notice.empty()) std::cerr << "ganscope train: " << rc.notice << "\n";
    fs::create_directories(out);

    g_interrupted = false;
    auto old_int = std::signal(SIGINT, on_signal);
    auto old_term = std::signal(SIGTERM, on_signal);
    const std::int64_t report_every = std::max<std::int64_t>(1, std::min<std::int64_t>(500, steps / 10));
    auto t0 = std::chrono::steady_clock::now();
    std::cout << "training " << rc.config.name << " on " << trainer->dataset()->describe()
              << " for " << steps << " steps with " << threads << " threads\n";
    while (trainer->steps() < steps && !g_interrupted) {
      trainer->step();
      const auto& r = trainer->last();
      if (r.step % report_every == 0 || r.step == steps) {
        double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("step %lld/%lld  loss_d %.4f  loss_g %.4f  D(x) %.3f  D(G(z)) %.3f  %.0f steps/s\n",
                    (long long)r.step, (long long)steps, r.loss_d, r.loss_g, r.d_real, r.d_fake,
                    double(r.step) / std::max(sec, 1e-9));
        std::fflush(stdout);
      }
    }
    std::signal(SIGINT, old_int);
    std::signal(SIGTERM, old_term);

    trainer->save(ckpt);
    train::write_file_atomically((fs::path(out) / "metrics.csv").string(),
                                 metrics_csv(trainer->history().rows()));
    write_samples_png(*trainer, (fs::path(out) / "samples.png").string());
    std::cout << "wrote " << out << "/checkpoint, metrics.csv, samples.png\n";
    if (g_interrupted) {
      std::cerr << "ganscope train: interrupted at step " << trainer->steps()
                << "; everything so far is saved in " << out << "\n";
      return 130;
    }
    return 0;
  });
}

}  // namespace ganscope::cli
