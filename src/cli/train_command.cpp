// ganscope train: a headless run that writes RUN/metrics.csv, RUN/checkpoint, RUN/samples.png.
// The checkpoint is rewritten atomically every --autosave-every minutes and at the end, so a
// run killed at any moment can continue with --resume RUN.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/metrics_log.h"
#include "cli/sample_images.h"
#include "nn/threads.h"
#include "train/checkpoint.h"
#include "train/session.h"
#include "train/trainer.h"

namespace ganscope::cli {

namespace {

const char* kHelp =
    "usage: ganscope train [--preset P | --config F] [--data D] --steps N [--seed S]\n"
    "                      [--threads T] --out RUN [--overwrite] [--autosave-every MINUTES]\n"
    "       ganscope train --resume RUN --steps N [--data D] [--threads T]\n"
    "Trains without a window and writes RUN/metrics.csv (one row per step), RUN/checkpoint\n"
    "and RUN/samples.png. The checkpoint is saved every 5 minutes (--autosave-every) and at\n"
    "the end; Ctrl-C or SIGTERM stops at the next step and saves. --resume RUN continues a\n"
    "run until it has N steps in all. If training diverges (NaN, Inf, an exploding loss), the\n"
    "last good state is saved instead and the command exits with status 1.\n";

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "signal handler needs a lock-free flag");

extern "C" void on_signal(int) { g_interrupted = true; }

struct Run {
  train::Config config;
  std::string notice;
  std::unique_ptr<train::Trainer> trainer;
};

Run start_run(const Args& a, const std::string& out, const std::string& ckpt) {
  namespace fs = std::filesystem;
  Run run;
  if (a.has("resume")) {
    for (const char* bad : {"preset", "config", "seed", "overwrite"})
      if (a.has(bad))
        throw UsageError(std::string("--resume continues a run as it was saved; --") + bad +
                         " does not apply");
    std::error_code ec;  // a dangling link or a loop is there: the reader says what is wrong
    if (!fs::exists(fs::symlink_status(ckpt, ec)))
      throw UsageError(ckpt + " does not exist: nothing to resume");
    const train::CheckpointReader reader(ckpt);  // read once, for the config and the state
    run.config = train::parse_config(reader.get("config"), ckpt);
    if (a.has("data")) run.config.data = a.required("data");
    run.trainer = train::Trainer::open(run.config);
    run.trainer->load(reader, ckpt);
    return run;
  }
  if (fs::exists(ckpt) && !a.has("overwrite"))
    throw UsageError(ckpt + " already exists; continue it with --resume " + out +
                     ", or pass --overwrite");
  ResolvedConfig rc = resolve_config(a);
  if (a.has("seed")) rc.config.seed = std::uint64_t(a.integer("seed", 1, 0, 1LL << 53));
  run.config = rc.config;
  run.notice = rc.notice;
  run.trainer = train::Trainer::open(run.config);
  return run;
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
    a.option("steps").option("seed").option("threads").option("out").option("resume");
    a.option("autosave-every").option("overwrite", false).option("help", false);
    a.parse(argc, argv, 2);
    if (a.has("help")) {
      std::cout << kHelp;
      return 0;
    }
    if (!a.has("steps")) throw UsageError("'--steps' is required");
    const std::int64_t steps = a.integer("steps", 0, 1, 1000000000);
    if (a.has("resume") && a.has("out") && a.text("out") != a.text("resume"))
      throw UsageError("--resume RUN writes to RUN; drop --out or make it the same folder");
    const std::string out = a.has("resume") ? a.required("resume") : a.required("out");
    const double autosave_minutes = a.number("autosave-every", 5.0, 0.0001, 1e6);
    namespace fs = std::filesystem;
    const std::string ckpt = (fs::path(out) / "checkpoint").string();

    Run run = start_run(a, out, ckpt);  // fails before anything is written
    train::Trainer& trainer = *run.trainer;
    const int threads = int(a.integer(
        "threads", train::default_trainer_threads(false, trainer.flops_per_step()), 1, 1024));
    set_threads(threads);
    if (!run.notice.empty()) std::cerr << "ganscope train: " << run.notice << "\n";
    fs::create_directories(out);
    MetricsLog metrics((fs::path(out) / "metrics.csv").string(), trainer.steps(),
                       trainer.history().rows());

    g_interrupted = false;
    auto old_int = std::signal(SIGINT, on_signal);
    auto old_term = std::signal(SIGTERM, on_signal);
    const std::int64_t report_every = std::max<std::int64_t>(1, std::min<std::int64_t>(500, steps / 10));
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    auto last_save = t0;
    const std::int64_t first_step = trainer.steps();
    std::cout << (first_step > 0 ? "resuming " : "training ") << run.config.name << " on "
              << trainer.dataset()->describe() << " from step " << first_step << " to " << steps
              << " with " << threads << " threads\n";
    while (trainer.steps() < steps && !g_interrupted && !trainer.diverged()) {
      trainer.step();
      const auto& r = trainer.last();
      // 2D data: sample quality (modes, high-quality share, KL, JS) every 100 steps and last.
      if (!trainer.dataset()->images() && !trainer.diverged() &&
          (r.step % MetricsLog::kQualityEvery == 0 || r.step == steps)) {
        const train::QualityStats q = trainer.measure_quality();
        metrics.append(r, &q);
      } else {
        metrics.append(r);
      }
      const auto now = Clock::now();
      if (r.step % report_every == 0 || r.step == steps) {
        double sec = std::chrono::duration<double>(now - t0).count();
        std::printf("step %lld/%lld  loss_d %.4f  loss_g %.4f  D(x) %.3f  D(G(z)) %.3f  %.0f steps/s\n",
                    (long long)r.step, (long long)steps, r.loss_d, r.loss_g, r.d_real, r.d_fake,
                    double(r.step - first_step) / std::max(sec, 1e-9));
        std::fflush(stdout);
      }
      if (std::chrono::duration<double>(now - last_save).count() >= autosave_minutes * 60 &&
          !trainer.diverged()) {
        metrics.flush();
        trainer.save(ckpt);
        last_save = now;
      }
    }
    std::signal(SIGINT, old_int);
    std::signal(SIGTERM, old_term);

    int status = 0;
    if (trainer.diverged()) {
      std::string what = trainer.divergence();
      if (!trainer.rollback()) throw std::runtime_error(what + " before any good state was kept");
      std::cerr << "ganscope train: training diverged (" << what << "); saved the last good state, step "
                << trainer.steps() << ", in " << ckpt << "; lower a learning rate and --resume " << out << "\n";
      status = 1;
    }
    metrics.flush();
    trainer.save(ckpt);
    write_samples_png(trainer, (fs::path(out) / "samples.png").string());
    std::cout << "wrote " << out << "/checkpoint, metrics.csv, samples.png at step " << trainer.steps() << "\n";
    if (g_interrupted) {
      std::cerr << "ganscope train: interrupted at step " << trainer.steps()
                << "; everything so far is saved in " << out << "\n";
      return 130;
    }
    return status;
  });
}

}  // namespace ganscope::cli
