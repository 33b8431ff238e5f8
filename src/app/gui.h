// The desktop front end: one GLFW window, Dear ImGui panels over a running Session.
#pragma once

#include <optional>
#include <string>

#include "train/config.h"
#include "train/lesson.h"

namespace ganscope::app {

struct GuiOptions {
  train::Config config;        // what --preset/--config/--data (or the default) resolved to
  bool model_given = false;    // --preset or --config was given
  bool data_given = false;     // --data was given
  std::string notice;          // shown in the window, e.g. "Fashion-MNIST not found; 2D ring"
  std::string screenshot;      // when set: save the window as this PNG after `frames` frames, exit
  int frames = 0;
  double bench_seconds = 0;    // --bench: train this long with the window drawing, print its cost, exit
  int window_width = 1600;     // --window WxH: the window's size, within the screen's work area
  int window_height = 1000;
  int trainer_threads = 0;     // 0: all cores but one, leaving one for the UI
  std::string checkpoint;      // when set: continue from this checkpoint (its model included)
  std::string watch;           // --watch RUN: follow and steer a run `ganscope train` writes there
  bool fresh = false;          // --fresh: new weights even when an autosave could be continued
  bool autosave = true;        // write autosaves (train/autosave_store.h); off for screenshots
  double autosave_minutes = 5;
  std::optional<train::Lesson> lesson;  // ganscope lesson NAME: open its run and play its script
  std::string switch_to;       // screenshot runs: switch to this preset halfway (tests the menu's path)
  int open_sample = -1;        // --open-sample I: open grid sample I's history window at start
  std::string overlay;         // --overlay RUN: another run's metrics.csv on the loss plot
  bool screenshot_mouse = false;  // screenshot runs: take the pointer (tests that click with xdotool)
};

// Runs until the window closes (or the screenshot is taken). Returns the process exit code.
// With no display or no OpenGL 3.3, prints one line on stderr pointing to the headless
// commands and returns 1.
int run_gui(const GuiOptions& options);

}  // namespace ganscope::app
