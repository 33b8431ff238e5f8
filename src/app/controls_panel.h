// Controls: run state (pause, step, reset), the live hyperparameters, image quality,
// checkpoints, and the notices the user must see. Changes go to the trainer as Controls and Commands (DESIGN.md);
// nothing here waits for a training step.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "app/image_quality_section.h"
#include "app/model_section.h"
#include "imgui.h"
#include "train/config.h"
#include "train/hyper.h"
#include "train/snapshot.h"

namespace ganscope::train {
class Session;
}

namespace ganscope::app {

class ControlsPanel {
 public:
  ImFont* headline_font = nullptr;  // a larger font for the step counter (null: default)

  void draw(train::Session& session, const train::Snapshot& snapshot, const train::Config& config,
            const std::string& app_notice);
  // The preset the user asked to switch to (once), or "".
  std::string take_preset_request() { return std::exchange(preset_request_, std::string()); }

 private:
  void draw_divergence(train::Session& session, const train::Snapshot& snapshot);
  void draw_status(train::Session& session, const train::Snapshot& snapshot);
  void draw_stepping(train::Session& session, const train::Snapshot& snapshot, bool paused);
  void draw_hyper(train::Session& session);
  void draw_checkpoints(train::Session& session, const train::Snapshot& snapshot);
  void draw_autosave(const train::Snapshot& snapshot);
  void send_hyper(train::Session& session, bool dragging);

  train::Hyper edited_;
  bool unsent_ = false;  // edited_ holds changes the trainer has not been sent yet
  double sent_at_ = -1e9;
  std::string invalid_;  // why edited_ cannot be sent (validate()), shown in red
  std::string checkpoint_path_ = "ganscope.ckpt";
  // The snapshot generation at which Roll back was pressed: the button waits for the next one.
  std::uint64_t rollback_sent_at_ = ~0ull;
  // Slow motion: each step split into its D and G updates, this many seconds apart.
  bool slow_motion_ = false;
  float slow_seconds_ = 0.5f;
  std::string last_substep_;  // the latest sub-step the trainer described
  std::uint64_t run_id_ = ~0ull;
  ImageQualitySection image_quality_;
  ModelSection model_;
  std::string preset_request_;
};

}  // namespace ganscope::app
