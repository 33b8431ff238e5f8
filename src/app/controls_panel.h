// Controls: run state (pause, step, reset), the live hyperparameters, image quality,
// checkpoints, and the notices the user must see. Changes go to the trainer as Controls and Commands (docs/design.md);
// nothing here waits for a training step.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <utility>

#include "app/checkpoint_section.h"
#include "app/image_quality_section.h"
#include "app/lessons_section.h"
#include "app/model_section.h"
#include "app/run_request.h"
#include "app/window_cost.h"
#include "imgui.h"
#include "train/config.h"
#include "train/hyper.h"
#include "train/snapshot.h"

namespace ganscope::train {
class Session;
}

namespace ganscope::app {

class RunSlot;

// Steps per second from the step counter's own samples over the last second.
class StepRate {
 public:
  double update(double now_seconds, std::int64_t step);

 private:
  static constexpr double kWindowSeconds = 1.0;
  std::deque<std::pair<double, std::int64_t>> samples_;
  double rate_ = 0;
};

class ControlsPanel {
 public:
  ImFont* headline_font = nullptr;  // a larger font for the step counter (null: default)
  const WindowCost* window_cost = nullptr;  // the window's own cost, beside the speed (or none)

  void draw(RunSlot& run, const train::Snapshot& snapshot);
  // What the user asked of the run this frame (switch preset, open a file, a new run), once.
  RunRequest take_request() { return std::exchange(request_, RunRequest()); }
  // A lesson's script set these on the session: the controls show them as set.
  void show_pace(double steps_per_second);  // 0: full speed
  void show_slow_motion(double seconds);    // 0: off
  // Where the lr D slider was drawn (screen pixels), for tests that click it.
  ImVec2 lr_d_min() const { return lr_d_min_; }
  ImVec2 lr_d_max() const { return lr_d_max_; }

 private:
  void draw_divergence(train::Session& session, const train::Snapshot& snapshot);
  void draw_status(RunSlot& run, const train::Snapshot& snapshot);
  void draw_stepping(train::Session& session, const train::Snapshot& snapshot, bool paused);
  void draw_watching(train::Session& session, const train::Snapshot& snapshot);
  void draw_pace(train::Session& session);
  void draw_hyper(RunSlot& run, const train::Snapshot& snapshot);
  // tricks_controls.cpp: D's variants (a new D when switched), G's average and its view.
  bool draw_tricks(train::Session& session, const train::Snapshot& snapshot);
  void send_hyper(train::Session& session, bool dragging, int batch);
  // The optimizer menu and its own sliders; true when a value changed, dragging set while one
  // of the sliders is held.
  bool draw_optimizer(bool& dragging);

  train::Hyper edited_;
  ImVec2 lr_d_min_, lr_d_max_;
  bool unsent_ = false;  // edited_ holds changes the trainer has not been sent yet
  bool mark_owed_ = false;  // a drag sent unmarked changes: the release must mark them
  double sent_at_ = -1e9;
  std::string invalid_;  // why edited_ cannot be sent (validate()), shown in red
  bool show_ema_ = false;  // the samples and explorer from G's average
  // The snapshot generation at which Roll back was pressed: the button waits for the next one.
  std::uint64_t rollback_sent_at_ = ~0ull;
  // Slow motion: each step split into its D and G updates, this many seconds apart.
  bool slow_motion_ = false;
  float slow_seconds_ = 0.5f;
  std::string last_substep_;  // the latest sub-step, in words
  float pace_ = 10000;        // steps a second at most; the slider's top is full speed
  StepRate rate_;
  // A watched run's last new row (its step and when it came), and whether it is long ago.
  static constexpr double kQuietSeconds = 10;
  std::int64_t watched_seen_ = -1;
  double watched_moved_at_ = 0;
  bool watched_quiet_ = false;
  std::uint64_t run_id_ = ~0ull;
  ImageQualitySection image_quality_;
  ModelSection model_;
  CheckpointSection checkpoints_;
  LessonsSection lessons_;
  RunRequest request_;
  bool first_frame_ = true;
};

}  // namespace ganscope::app
