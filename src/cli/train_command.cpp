// ganscope train: a headless run that writes RUN/metrics.csv, RUN/layers.csv, RUN/checkpoint,
// RUN/samples.png.
// The checkpoint is rewritten atomically every --autosave-every minutes and at the end, so a
// run killed at any moment can continue with --resume RUN.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>

#include "cli/cli.h"
#include "cli/layers_log.h"
#include "cli/metrics_log.h"
#include "cli/run_folder.h"
#include "cli/run_lock.h"
#include "io/pictures.h"
#include "nn/gan_objective.h"
#include "nn/threads.h"
#include "train/snapshot_builder.h"
#include "train/frame_file.h"
#include "train/run_control.h"
#include "train/state_folder.h"
#include "train/checkpoint.h"
#include "train/image_quality.h"
#include "train/run_health.h"
#include "train/session.h"
#include "train/trainer.h"

namespace ganscope::cli {

namespace {

const char* kTrainHelp =
    "usage: ganscope train [--preset P | --config F] [--data D] [--set KEY=VALUE ...] --steps N\n"
    "                      [--seed S] [--threads T] --out RUN [--overwrite]\n"
    "                      [--autosave-every MINUTES] [--fcd-every STEPS]\n"
    "       ganscope train --resume RUN --steps N [--data D] [--threads T]\n"
    "Trains without a window and writes RUN/metrics.csv (one row per step), RUN/layers.csv\n"
    "(each layer's gradient and spectral norms every 100 steps), RUN/checkpoint and\n"
    "RUN/samples.png, RUN/frames (the grid every 200 steps, for `ganscope export\n"
    "--timelapse`) and RUN/states (a full state every 1,000 steps within 512 MB, older ones\n"
    "thinned, for `ganscope sample --step`). The checkpoint is saved every 5 minutes (--autosave-every) and at\n"
    "the end; Ctrl-C, SIGTERM or SIGHUP stops at the next step and saves. --resume RUN\n"
    "continues a run until it has N steps in all; one process at a time trains in RUN (a\n"
    "second says which process holds it). If training diverges (NaN, Inf, an exploding\n"
    "loss), the last good state is saved instead and the command exits with status 1.\n"
    "--set KEY=VALUE overrides any config key, e.g. --set objective=hinge --set lr_d=1e-4.\n"
    "Image runs measure G's images every --fcd-every steps (1000; 0: never): the classifier\n"
    "Frechet distance with its bootstrap band, precision, recall and the classes' spread, in\n"
    "metrics.csv's fcd, fcd_low, fcd_high, precision, recall and classes columns.\n"
    "RUN/control.json steers the run while it trains (`ganscope gui --watch RUN` writes it):\n"
    "new settings, pause, resume and save, acknowledged in metrics.csv's change column.\n";

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "signal handler needs a lock-free flag");

extern "C" void on_signal(int) { g_interrupted = true; }

struct Run {
  train::Config config;
  std::string notice;
  std::unique_ptr<train::Trainer> trainer;
};

// A fresh run never silently replaces another one's files: a checkpoint, or a metrics.csv,
// layers.csv or run-id left by a run that died before its first checkpoint.
void check_fresh_start(const Args& a, const RunFolder& folder) {
  namespace fs = std::filesystem;
  if (a.has("overwrite")) return;
  if (fs::exists(folder.checkpoint))
    throw UsageError(folder.checkpoint + " already exists; continue it with --resume " + folder.dir +
                     ", or pass --overwrite");
  for (const std::string& f : {folder.metrics, folder.layers, folder.run_id, folder.config, folder.frames})
    if (fs::exists(f))
      throw UsageError(f + " already exists (a run that saved no checkpoint); pass --overwrite to start afresh");
}

// The checkpoint must be the folder's own run: one copied in from another run would append
// its steps to this run's metrics.csv. A folder or a checkpoint from before run identities
// has nothing to compare, and the other's identity is adopted.
void check_same_run(const RunFolder& folder, const train::CheckpointReader& reader, train::Trainer& trainer) {
  const std::string folder_id = read_folder_run_id(folder);
  const std::string checkpoint_id = reader.has("run_id") ? reader.get("run_id") : "";
  if (!folder_id.empty() && !checkpoint_id.empty() && folder_id != checkpoint_id)
    throw std::runtime_error(folder.checkpoint + " is from another run (" + checkpoint_id + ") than " +
                             folder.dir + " holds (" + folder_id + ", in " + folder.run_id +
                             "): resume it in its own folder, or start here afresh with --overwrite");
  if (checkpoint_id.empty() && !folder_id.empty()) trainer.set_run_id(folder_id);
}

// Checks and loads; writes nothing.
Run start_run(const Args& a, const RunFolder& folder) {
  namespace fs = std::filesystem;
  Run run;
  if (a.has("resume")) {
    for (const char* bad : {"preset", "config", "seed", "overwrite", "set"})
      if (a.has(bad) || !a.all(bad).empty())
        throw UsageError(std::string("--resume continues a run as it was saved; --") + bad +
                         " does not apply");
    std::error_code ec;  // a dangling link or a loop is there: the reader says what is wrong
    if (!fs::exists(fs::symlink_status(folder.checkpoint, ec)))
      throw UsageError(folder.checkpoint + " does not exist: nothing to resume");
    const train::CheckpointReader reader(folder.checkpoint);  // read once, for the config and the state
    run.config = train::parse_config(reader.get("config"), folder.checkpoint);
    if (a.has("data")) run.config.data = a.required("data");
    run.trainer = train::Trainer::open(run.config);
    run.trainer->load(reader, folder.checkpoint);
    check_same_run(folder, reader, *run.trainer);
    return run;
  }
  check_fresh_start(a, folder);
  ResolvedConfig rc = resolve_config(a);
  if (a.has("seed")) rc.config.seed = std::uint64_t(a.integer("seed", 1, 0, 1LL << 53));
  run.config = rc.config;
  run.notice = rc.notice;
  run.trainer = train::Trainer::open(run.config);
  return run;
}

// The grid every GridFrameStore::kFrameEvery steps, thinned as the window's, for `ganscope
// export --timelapse`: saved to RUN/frames with each checkpoint, and read back on a resume. A
// frames file that cannot be read or written costs the timelapse, never the run.
class RunFrames {
 public:
  RunFrames(const RunFolder& folder, train::Trainer& trainer, bool resumed) : path_(folder.frames) {
    train::Snapshot s;
    train::fill_snapshot(trainer, s);
    source_ = train::timelapse_source(s);  // the grid's shape, and 2D's data points
    if (!resumed || !std::filesystem::exists(path_)) return;
    try {
      const train::TimelapseSource saved = train::load_frames(path_);
      if (saved.grid_count == source_.grid_count && saved.rows == source_.rows && saved.cols == source_.cols &&
          saved.channels == source_.channels)
        for (const auto& f : saved.frames) store_.add(f);
      store_.forget_after(trainer.steps());
    } catch (const std::exception& e) {
      std::cerr << "ganscope train: " << e.what() << "; the timelapse starts again here\n";
    }
  }
  void step(train::Trainer& trainer) {
    if (!trainer.diverged() && store_.due(trainer.steps()))
      store_.add(std::make_shared<const train::GridFrame>(trainer.grid_frame()));
  }
  void forget_after(std::int64_t step) { store_.forget_after(step); }
  // The checkpoint is what a run cannot lose; a frames file that cannot be written (a full
  // disk) is said once on stderr, and training goes on.
  void save() {
    source_.frames = store_.frames();
    try {
      train::save_frames(path_, source_);
      warned_ = false;
    } catch (const std::exception& e) {
      if (!warned_) std::cerr << "ganscope train: " << e.what() << "; training goes on without its timelapse saved\n";
      warned_ = true;
    }
  }

 private:
  std::string path_;
  train::TimelapseSource source_;
  train::GridFrameStore store_;
  bool warned_ = false;
};

// RUN/control.json (train/run_control.h): looked at every 0.2 s; new settings applied as the
// window's Controls apply them, a save done at once, a pause kept until it is lifted. Orders
// that cannot be followed are said on stderr and change nothing.
class RunSteering {
 public:
  RunSteering(const RunFolder& folder, const train::Trainer& trainer)
      : file_(folder.control), marks_seen_(trainer.history().marks().size()) {}
  // Acts on the file if it changed; returns whether a save was asked for.
  bool poll(train::Trainer& trainer) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_poll_ < std::chrono::milliseconds(200)) return false;
    last_poll_ = now;
    if (lease_.lapsed(now) && !lapse_said_) {
      std::cout << "no window has renewed its refresh for " << int(train::kRefreshLeaseSeconds)
                << " s (closed without a word?): saving every --autosave-every again" << std::endl;
      lapse_said_ = true;
    }
    std::string text;
    if (!file_.changed(text)) return false;
    bool save = false;
    try {
      const train::ControlOrders o = train::parse_control(text, file_.path());
      if (o.seq > seq_) {
        seq_ = o.seq;  // settings refused are not tried again; the pause and the save still count
        try {
          trainer.set_hyper(train::apply_hyper_settings(trainer.hyper(), o.settings, file_.path()), true);
          const std::vector<train::ChangeMark> marks = trainer.history().marks();
          for (std::size_t k = std::min(marks_seen_, marks.size()); k < marks.size(); ++k)
            change_ += (change_.empty() ? "" : "; ") + marks[k].what;
          marks_seen_ = marks.size();
          std::cout << "control " << o.seq << " applied at step " << trainer.steps() << "\n";
        } catch (const std::exception& e) {
          std::cerr << "ganscope train: control " << o.seq << ": " << e.what() << "; the settings stay as they were\n";
        }
      }
      if (o.paused != paused_)
        std::cout << (o.paused ? "paused" : "resumed") << " by " << file_.path() << " at step " << trainer.steps()
                  << "\n";
      paused_ = o.paused;
      const double before = lease_.seconds(now);
      lease_.update(o, now);
      if (lease_.seconds(now) != before)
        std::cout << (o.refresh > 0 ? "saving every " + std::to_string(int(o.refresh)) + " s for a watching window"
                                    : std::string("saving every --autosave-every again"))
                  << "\n";
      lapse_said_ = false;
      save = o.save > save_;
      save_ = std::max(save_, o.save);
      std::cout.flush();
    } catch (const std::exception& e) {
      std::cerr << "ganscope train: " << e.what() << "; training goes on as it was\n";
    }
    return save;
  }
  bool paused() const { return paused_; }
  // Seconds between saves a watching window asked for (0: none asked).
  double refresh() const { return lease_.seconds(std::chrono::steady_clock::now()); }
  // The settings changed since the last call, for metrics.csv's change column.
  std::string take_change() { return std::exchange(change_, std::string()); }

 private:
  train::ControlFile file_;
  std::chrono::steady_clock::time_point last_poll_{};
  std::int64_t seq_ = 0, save_ = 0;
  bool paused_ = false;
  train::RefreshLease lease_;
  bool lapse_said_ = false;
  std::size_t marks_seen_;  // the history's marks acknowledged so far
  std::string change_;
};

// How often a headless run checks its health (train/run_health.h), as the window does at each
// snapshot. Not measured: a snapshot is G and D on the 64-sample grid and a copy of G (2D: the
// heatmap and the quality), a few steps' worth at most, every 500 steps.
constexpr std::int64_t kHealthEvery = 500;

// Marks an alarm on the last row, and says it on stderr, when a warning starts.
void check_health(train::Trainer& trainer, const train::ImageQualityTracker& images) {
  train::Snapshot snapshot;
  train::fill_snapshot(trainer, snapshot);
  if (snapshot.images) snapshot.coverage = images.coverage();
  std::vector<train::MetricRow> recent;
  const std::size_t rows = trainer.history().size();
  trainer.history().since(rows > train::kHealthWindow ? rows - train::kHealthWindow : 0, recent);
  const std::string warning = train::run_health_warning(snapshot, recent);
  if (trainer.note_warning(warning))
    std::cerr << "ganscope train: step " << trainer.steps() << ": " << warning << "\n";
}

}  // namespace

void set_threads(int threads) { nn::set_compute_threads(threads); }

void write_samples_png(train::Trainer& trainer, const std::string& path) {
  train::Snapshot s;
  train::fill_snapshot(trainer, s);
  if (s.images) {
    int w = 0, h = 0;
    auto img = io::tile_images(s.grid_pixels, s.grid_count, s.rows, s.cols, io::grid_columns(s.grid_count), &w, &h,
                               s.channels);
    io::write_png(path, w, h, s.channels, img);
  } else {
    io::write_png(path, 512, 512, 3, io::scatter_plot(s.plane.real_points, s.grid_points, 512, 3.0f));
  }
}

int train_command(int argc, char** argv) {
  return guarded("train", [&] {
    Args a;
    declare_config_options(a);
    a.option("steps").option("seed").option("threads").option("out").option("resume");
    a.option("autosave-every").option("fcd-every").option("overwrite", false).option("help", false);
    a.parse(argc, argv, 2);
    if (a.has("help")) {
      std::cout << kTrainHelp << "Objectives: " << nn::objective_names() << "\n";
      return 0;
    }
    if (!a.has("steps")) throw UsageError("'--steps' is required");
    const std::int64_t steps = a.integer("steps", 0, 1, 1000000000);
    if (a.has("resume") && a.has("out") && a.text("out") != a.text("resume"))
      throw UsageError("--resume RUN writes to RUN; drop --out or make it the same folder");
    const std::string out = a.has("resume") ? a.required("resume") : a.required("out");
    const double autosave_minutes = a.number("autosave-every", 5.0, 0.0001, 1e6);
    const std::int64_t fcd_every = a.integer("fcd-every", 1000, 0, 1000000000);
    namespace fs = std::filesystem;
    const RunFolder folder(out);
    const std::string& ckpt = folder.checkpoint;

    // The lock comes first, so that a second process writes nothing and reads no half-made
    // state; a folder that does not exist yet is locked once made, and checked again then.
    std::optional<RunLock> lock;
    if (fs::is_directory(out)) lock.emplace(out, argc, argv);
    Run run = start_run(a, folder);  // fails before anything is written
    train::Trainer& trainer = *run.trainer;
    const int threads = int(a.integer(
        "threads", train::default_trainer_threads(false, trainer.flops_per_step()), 1, 1024));
    set_threads(threads);
    if (!lock) {
      fs::create_directories(out);
      lock.emplace(out, argc, argv);
      check_fresh_start(a, folder);
    }
    if (!run.notice.empty()) std::cerr << "ganscope train: " << run.notice << "\n";
    if (trainer.steps() == 0 && !a.has("resume")) {
      // A new run replaces the folder's files at once, the checkpoint first: the folder never
      // holds this run's metrics beside another run's checkpoint.
      trainer.save(ckpt);
      write_folder_run_id(folder, trainer.run_id());
      write_folder_config(folder, run.config);
      std::cerr << "ganscope train: wrote " << folder.config << " (train --config " << folder.config
                << " repeats this run)\n";
    } else if (read_folder_run_id(folder).empty()) {
      write_folder_run_id(folder, trainer.run_id());  // a folder of before run identities
    }
    RunFrames frames(folder, trainer, a.has("resume"));
    // A full state every 1,000 steps in RUN/states, for sample --step N; as with the frames, a
    // state that cannot be written costs that state, never the run.
    train::StateFolder states(folder.states, trainer.steps());
    bool states_warned = false;
    if (trainer.steps() == 0) {  // the grid before training; an old run's frames go at once
      frames.step(trainer);
      frames.save();
    }
    // The checkpoint, then the frames: both atomically.
    const auto save = [&] {
      trainer.save(ckpt);
      frames.save();
    };
    MetricsLog metrics(folder.metrics, trainer.steps(), trainer.history().rows());
    // Image quality: on the classifier the window uses, built at the first measurement.
    train::ImageQualityTracker image_quality(train::image_data_folder(run.config));
    image_quality.assign(train::image_quality_points(trainer.history().rows()));
    const bool measures_images = trainer.dataset()->images() && fcd_every > 0;
    LayersLog layers(folder.layers, trainer.steps());

    g_interrupted = false;
    // Until the loop ends, these signals stop training at the next step and everything is
    // saved; outside it, they remove any temporary file and end the process (src/main.cpp).
    auto old_int = std::signal(SIGINT, on_signal);
    auto old_term = std::signal(SIGTERM, on_signal);
    auto old_hup = std::signal(SIGHUP, on_signal);
    const std::int64_t report_every = std::max<std::int64_t>(1, std::min<std::int64_t>(500, steps / 10));
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    auto last_save = t0, last_flush = t0;
    const std::int64_t first_step = trainer.steps();
    std::cout << (first_step > 0 ? "resuming " : "training ") << run.config.name << " on "
              << trainer.dataset()->describe() << " from step " << first_step << " to " << steps
              << " with " << threads << " threads\n";
    RunSteering steering(folder, trainer);
    while (trainer.steps() < steps && !g_interrupted && !trainer.diverged()) {
      if (steering.poll(trainer)) {
        metrics.flush();
        layers.flush();
        save();
        last_save = Clock::now();
        std::cout << "saved at step " << trainer.steps() << ", as " << folder.control << " asked\n";
      }
      if (steering.paused()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      trainer.step();
      frames.step(trainer);
      if (!trainer.diverged() && states.due(trainer.steps())) {
        try {
          // The divergence guard's state of this step when it took one (every 100 steps): no
          // second 15 MB serialisation at dcgan's peak (255 to 276 MB resident with one).
          states.add(trainer.steps(), trainer.good_step() == trainer.steps() ? trainer.good_state()
                                                                             : trainer.serialize(false));
          states_warned = false;
        } catch (const std::exception& e) {
          if (!states_warned) std::cerr << "ganscope train: " << e.what() << "; training goes on\n";
          states_warned = true;
        }
      }
      // 2D data: sample quality (modes, high-quality share, KL, JS) every 100 steps and last.
      const std::int64_t step = trainer.steps();
      if (!trainer.dataset()->images() && !trainer.diverged() &&
          (step % train::Trainer::kQualityEvery == 0 || step == steps))
        trainer.record_quality(trainer.measure_quality());
      if (measures_images && !trainer.diverged() && image_quality.due(step, fcd_every)) {
        const auto building = [] {
          std::cout << "training the classifier for the Frechet distance (once, a few seconds)\n";
        };
        if (image_quality.measure(trainer, building))
          trainer.record_image_quality(image_quality.points().back().quality);
        else if (!image_quality.status().empty())  // said once: the tracker does not try again
          std::cerr << "ganscope train: " << image_quality.status() << "\n";
      }
      if (step % kHealthEvery == 0 && !trainer.diverged()) check_health(trainer, image_quality);
      const auto& r = trainer.last();
      metrics.append(r, steering.take_change());
      // Per-layer norms on the same steps as quality, on the step that diverged (which layer
      // blew up) and on the last step an interruption saves. Measured: 0.024 ms on ring and
      // 2.5 ms on dcgan every 100 steps of 0.62 ms and 220 ms each (1 thread), under 0.05%.
      if (step % LayersLog::kEvery == 0 || step == steps || trainer.diverged() || g_interrupted)
        layers.append(step, trainer.layer_stats(train::LayerStatsMeter::kHeadlessIterations));
      const auto now = Clock::now();
      if (r.step % report_every == 0 || r.step == steps) {
        double sec = std::chrono::duration<double>(now - t0).count();
        std::printf("step %lld/%lld  loss_d %.4f  loss_g %.4f  D(x) %.3f  D(G(z)) %.3f  %.0f steps/s\n",
                    (long long)r.step, (long long)steps, r.loss_d, r.loss_g, r.d_real, r.d_fake,
                    double(r.step - first_step) / std::max(sec, 1e-9));
        std::fflush(stdout);
      }
      // A window watching the folder (gui --watch) reads the rows as they reach the file.
      if (now - last_flush >= std::chrono::milliseconds(500)) {
        metrics.flush();
        last_flush = now;
      }
      const double since_save = std::chrono::duration<double>(now - last_save).count();
      if ((since_save >= autosave_minutes * 60 || (steering.refresh() > 0 && since_save >= steering.refresh())) &&
          !trainer.diverged()) {
        metrics.flush();
        layers.flush();
        save();
        last_save = now;
      }
    }
    std::signal(SIGINT, old_int);
    std::signal(SIGTERM, old_term);
    std::signal(SIGHUP, old_hup);

    int status = 0;
    if (trainer.diverged()) {
      std::string what = trainer.divergence();
      if (!trainer.rollback()) throw std::runtime_error(what + " before any good state was kept");
      frames.forget_after(trainer.steps());
      std::cerr << "ganscope train: training diverged (" << what << "); saved the last good state, step "
                << trainer.steps() << ", in " << ckpt << "; lower a learning rate and --resume " << out << "\n";
      status = 1;
    }
    metrics.flush();
    layers.flush();
    save();
    write_samples_png(trainer, (fs::path(out) / "samples.png").string());
    std::cout << "wrote " << out << "/checkpoint, metrics.csv, layers.csv, samples.png, frames at step "
              << trainer.steps() << "\n";
    if (g_interrupted) {
      std::cerr << "ganscope train: interrupted at step " << trainer.steps()
                << "; everything so far is saved in " << out << "\n";
      return 130;
    }
    return status;
  });
}

}  // namespace ganscope::cli
