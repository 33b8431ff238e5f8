// A lesson in the window (train/lesson.h): plays its script on the session as the steps pass,
// shows its notes (next / previous), replays it from the start, and "Let me play" stops the
// script while the run goes on under the user's hands. It takes the latent explorer's place
// while a lesson is open. The script fires on the first frame that sees an event's step, so
// in the window an event lands within one frame's steps of its own (a few tens at full speed
// on the ring); the headless tests play it exactly.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "app/run_request.h"
#include "train/lesson.h"
#include "train/snapshot.h"

namespace ganscope::app {

class RunSlot;

class LessonPanel {
 public:
  // What the script asked of the window's own controls this frame.
  struct Effects {
    std::optional<int> loss_window;
    std::optional<double> pace, slow_motion;
  };
  // Once a frame, before the panels draw: applies the events due at the session's step.
  Effects play(RunSlot& run, const train::Snapshot& snapshot);
  void draw(RunSlot& run, const train::Snapshot& snapshot);
  bool open() const { return lesson_ != nullptr && !closed_; }
  // The panel the note on show points at ("" for none): the window frames it.
  std::string highlight() const;
  RunRequest take_request() { return std::exchange(request_, RunRequest()); }
  // For screenshot runs: the note on show (0-based, -1 for none) and how many there are.
  int note_shown() const { return shown_; }
  int notes() const;
  std::string note_title() const;
  bool script_stopped() const { return script_ && script_->stopped(); }
  std::int64_t next_event() const { return script_ ? script_->next_at() : -1; }

 private:
  void draw_note(const train::Lesson& lesson);
  void draw_buttons(RunSlot& run);

  const train::Lesson* lesson_ = nullptr;  // the run slot's, while its run is this lesson's
  std::unique_ptr<train::LessonScript> script_;
  std::int64_t last_step_ = 0;
  std::int64_t waiting_for_ = -1;  // the step the session was told to pause at
  int shown_ = -1;    // the note on show
  int reached_ = -1;  // the latest note the script has played
  bool closed_ = false;
  RunRequest request_;
};

}  // namespace ganscope::app
