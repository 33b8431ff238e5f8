// ganscope: watch a GAN learn. With no command (or "gui") it opens the window; train, sample
// and bench run headless (src/cli).
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>

#include "cli/cli.h"
#include "train/autosave_store.h"
#include "train/lesson.h"
#include "train/run_files.h"
#include "io/temporary_files.h"
#ifdef GANSCOPE_WITH_GUI
#include "app/gui.h"
#endif

namespace {

// A window opened as `train --out RUN` starts (both commands typed at once) finds no
// RUN/config.json yet: train writes it within a second of starting. Waits up to 15 s for it,
// saying so; a run that never starts is then refused by the window's own check.
void wait_for_run_start(const std::string& run) {
  const std::filesystem::path config = std::filesystem::path(run) / ganscope::train::kConfigFile;
  std::error_code ec;
  if (std::filesystem::exists(config, ec)) return;
  std::cout << "ganscope: waiting up to 15 s for " << config.string()
            << " (`ganscope train --out " << run << "` writes it as it starts)" << std::endl;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!std::filesystem::exists(config, ec) && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
}

const char* kGuiHelp =
    "usage: ganscope [gui] [--preset P | --config F] [--data D] [--set KEY=VALUE ...]\n"
    "                [--checkpoint F | --watch RUN] [--fresh]\n"
    "                [--threads T] [--autosave-every MINUTES] [--window WxH]\n"
    "                [--screenshot PNG --frames N [--switch-to PRESET] [--with-mouse]]\n"
    "                [--bench SECONDS]\n"
    "                [--open-sample I] [--overlay RUN]\n"
    "Opens the window and trains live. It continues your last run (of preset P, with --preset),\n"
    "unless --fresh; the first time, the mlp preset on Fashion-MNIST (Debian's\n"
    "dataset-fashion-mnist), or the built-in 2D ring when that is not installed.\n"
    "--checkpoint F continues F, whatever model it holds. --set KEY=VALUE overrides a config key\n"
    "(e.g. --set objective=hinge) and starts a new run.\n"
    "--watch RUN follows a run that `ganscope train --out RUN` trains elsewhere (a mounted or\n"
    "synced folder): the plots follow RUN/metrics.csv, the grid and explorer its checkpoint\n"
    "(train saves it every 10 s while a window watches). Controls, Pause, Resume and Save\n"
    "steer it through RUN/control.json, the one file the window writes there.\n"
    "Each run autosaves every 5 minutes, on close and on Ctrl-C or SIGTERM, to its own file in\n"
    "~/.local/state/ganscope/ (the newest 5 of each preset are kept; Checkpoint > Recent runs).\n"
    "--screenshot saves the window after N frames and exits, writing no autosave\n"
    "(--switch-to: switch preset halfway; --with-mouse: take the pointer as a window does, for\n"
    "tests that act as a person with xdotool).\n"
    "--bench SECONDS trains the preset from step 0 that long with the window drawing, writing no\n"
    "autosave, and ends with \"gui: <x> steps/s, frame p50 <a> ms, p99 <b> ms, snapshot <c> ms\"\n"
    "(compare `ganscope bench` at the window's thread count: all cores but one).\n"
    "--open-sample I opens grid sample I's window (its history, D's score, its nearest training\n"
    "images), as double-clicking the sample does.\n"
    "--overlay RUN draws another run's metrics.csv (RUN/metrics.csv, or the file) under this\n"
    "run's loss curves, paler, to compare them (Loss curves > Overlay... does it in the window).\n"
    "Exports (panel PNGs, the grid, timelapse and walk GIFs) go to ~/Pictures/ganscope, or\n"
    "~/ganscope-exports without ~/Pictures.\n"
    "Headless commands: ganscope train|sample|bench|fcd|export --help\n";

const char* kLessonHelp =
    "usage: ganscope lesson NAME|FILE.json [--threads T] [--window WxH]\n"
    "                       [--screenshot PNG --frames N [--with-mouse]]\n"
    "       ganscope lesson --list\n"
    "Opens the window on a lesson: a run that makes one idea of GAN training happen, a script\n"
    "that steers it, and notes that say what to watch, why and what to try. --list prints the\n"
    "lessons, one a line (name: summary). A lesson is a JSON file (assets/lessons/): copy one,\n"
    "edit it and open it by its path.\n";


// The window, for `ganscope [gui]` and for `ganscope lesson NAME` (lesson: that lesson, whose
// run replaces the model options).
int gui_command(int argc, char** argv, int first, const ganscope::train::Lesson* lesson) {
  using namespace ganscope;
  return cli::guarded(lesson ? "lesson" : "gui", [&] {
    cli::Args a;
    if (!lesson) {
      cli::declare_config_options(a);
      a.option("checkpoint").option("watch").option("switch-to").option("fresh", false).option("open-sample").option("overlay");
    }
    a.option("screenshot").option("frames").option("threads").option("with-mouse", false);
    a.option("autosave-every").option("window").option("bench");
    a.option("help", false);
    a.parse(argc, argv, first);
    if (a.has("help")) {
      std::cout << (lesson ? kLessonHelp : kGuiHelp);
      return 0;
    }
#ifdef GANSCOPE_WITH_GUI
    app::GuiOptions o;
    if (lesson) {
      o.lesson = *lesson;
      o.config = lesson->config;
    } else {
      cli::ResolvedConfig rc = cli::resolve_config(a);
      o.config = rc.config;
      o.notice = rc.notice;
    }
    o.model_given = a.has("preset") || a.has("config");
    o.data_given = a.has("data");
    // Settings describe the run to start: with --set the window starts one, as with --fresh.
    o.fresh = a.has("fresh") || !a.all("set").empty();
    o.screenshot = a.text("screenshot");
    o.frames = int(a.integer("frames", o.screenshot.empty() ? 0 : 60, 1, 10000000));
    o.trainer_threads = int(a.integer("threads", 0, 1, 1024));
    o.checkpoint = a.text("checkpoint");
    if (!o.checkpoint.empty() && !a.all("set").empty())
      throw cli::UsageError("--checkpoint continues a run as it was saved; --set does not apply "
                            "(change settings in the window)");
    o.watch = a.text("watch");
    if (!o.watch.empty() && (a.has("checkpoint") || a.has("preset") || a.has("config") || a.has("data") ||
                             !a.all("set").empty() || a.has("fresh") || a.has("bench")))
      throw cli::UsageError("--watch shows the run as RUN/config.json and its checkpoint say: give it alone "
                            "(no --checkpoint, --preset, --config, --data, --set, --fresh or --bench)");
    if (!o.watch.empty()) wait_for_run_start(o.watch);
    // A checkpoint that cannot be opened is said before any window opens.
    if (!o.checkpoint.empty()) train::read_saved_run(o.checkpoint);
    if (a.has("window")) {
      const std::string size = a.text("window");
      char x = 0, rest = 0;
      int w = 0, h = 0;
      if (std::sscanf(size.c_str(), "%d%c%d%c", &w, &x, &h, &rest) != 3 || x != 'x' || w < 320 ||
          h < 200 || w > 16384 || h > 16384)
        throw cli::UsageError("--window takes WIDTHxHEIGHT, from 320x200 to 16384x16384 (got '" + size + "')");
      o.window_width = w;
      o.window_height = h;
    }
    o.screenshot_mouse = a.has("with-mouse");
    if (o.screenshot_mouse && o.screenshot.empty())
      throw cli::UsageError("--with-mouse is for --screenshot runs (a window always takes the mouse)");
    o.open_sample = int(a.integer("open-sample", -1, 0, 1000000));
    o.overlay = a.text("overlay");
    o.switch_to = a.text("switch-to");
    if (!o.switch_to.empty() && o.screenshot.empty())
      throw cli::UsageError("--switch-to is for --screenshot runs (pick a preset in the window)");
    o.autosave_minutes = a.number("autosave-every", 5.0, 0.0001, 1e6);
    if (a.has("bench")) {
      if (!o.screenshot.empty()) throw cli::UsageError("--bench and --screenshot are two runs: give one");
      o.bench_seconds = a.number("bench", 0, 0.5, 86400);
      o.fresh = true;  // the preset's own run from step 0, as `ganscope bench` trains it
    }
    // Screenshot and bench runs are for tests, docs and measurements: they leave no autosave.
    o.autosave = o.screenshot.empty() && o.bench_seconds == 0;
    return app::run_gui(o);
#else
    std::cerr << "ganscope: built without the GUI; use ganscope train|sample|bench\n";
    return 1;
#endif
  });
}

// ganscope lesson NAME|FILE.json [window flags], or --list. The lesson is read before any
// window opens, so a malformed file is one line naming the file and the key.
int lesson_command(int argc, char** argv) {
  using namespace ganscope;
  const std::string what = argc > 2 ? argv[2] : "";
  if (what == "--list") {
    return cli::guarded("lesson", [&] {
      if (argc > 3) throw cli::UsageError("--list takes nothing else");
      for (const std::string& name : train::lesson_names())
        std::cout << name << ": " << train::load_lesson(name).summary << "\n";
      return 0;
    });
  }
  if (what.empty() || what.rfind("--", 0) == 0) {
    if (what == "--help" || what == "-h") {
      std::cout << kLessonHelp;
      return 0;
    }
    return cli::guarded("lesson", []() -> int {
      std::string names;
      for (const std::string& n : train::lesson_names()) names += (names.empty() ? "" : ", ") + n;
      throw cli::UsageError("which lesson? ganscope lesson NAME (" + names + "), or --list");
    });
  }
  train::Lesson lesson;
  if (int code = cli::guarded("lesson", [&] {
        lesson = train::find_lesson(what);
        return 0;
      }))
    return code;
  return gui_command(argc, argv, 3, &lesson);
}

}  // namespace

int main(int argc, char** argv) {
  // glibc raises its mmap threshold each time a large block is freed (up to 32 MB), after which
  // blocks of checkpoints, snapshots and states come from the heap, whose freed middle it
  // never gives back: mlp training sat at 182 MB resident where 99 MB are in use. A fixed
  // threshold keeps large blocks mapped apart and unmapped when freed. Training allocates
  // nothing in its steady state, so the extra mmap calls cost only the saves.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  // Whatever the command (the window's autosave too), a signal that ends the process leaves no
  // temporary file behind; train, while it trains, stops at the next step instead.
  ganscope::io::remove_temporaries_on_signals();
  std::string cmd = argc > 1 ? argv[1] : "gui";
  if (cmd == "gui" || cmd.rfind("--", 0) == 0) {
    if (cmd == "--help" || cmd == "-h") {
      return ganscope::cli::main_cli(argc, argv);
    }
    return gui_command(argc, argv, cmd == "gui" ? 2 : 1, nullptr);
  }
  if (cmd == "lesson") return lesson_command(argc, argv);
  return ganscope::cli::main_cli(argc, argv);
}
