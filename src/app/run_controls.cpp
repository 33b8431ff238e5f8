// Controls panel, top: the step counter and speed, pause / reset, stepping by halves, slow
// motion, the pace throttle, and the live hyperparameters (ControlsPanel's other half).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "app/controls_panel.h"
#include "app/checkpoint_section.h"
#include "app/palette.h"
#include "app/plot_axes.h"
#include "app/run_slot.h"
#include "app/widgets.h"
#include "train/d_regulariser.h"
#include "train/session.h"

namespace ganscope::app {

namespace {

// While a slider is dragged the trainer gets the value this often, unmarked: the run responds
// live (keeping Adam's moments), and the release records the whole drag as one change mark.
constexpr double kSendWhileDraggingSeconds = 0.2;
// The pace slider's ends: one step a second to 10,000; its last notch is "full speed".
constexpr float kSlowestPace = 1, kFastestPace = 10000;

// "2,953" between steps, "2,953.5" once D's (or G's) half of step 2,954 has run.
std::string step_text(std::int64_t step, char half_done) {
  return format_thousands(step) + (half_done ? ".5" : "");
}

// The last sub-step in words: what the numbers mean, not only what they are.
std::string describe_substep(const train::Snapshot& s) {
  const double before = s.substep_score_before, after = s.substep_score_after;
  const double change = after - before;
  char numbers[160];
  std::snprintf(numbers, sizeof numbers, "mean D(G(z)) on the fixed fakes %.3f -> %.3f", before, after);
  std::string text = s.substep + " (step " + step_text(s.step, s.half_done) + "): " + numbers + ". ";
  const bool d = s.substep == "D update", g = s.substep == "G update";
  if (d) {
    text += change < 0 ? "D now finds the fakes less real: it learned to tell them from the data."
                       : "D finds the fakes no less real: this update taught it little about them.";
    text += " The fakes did not move: D's update never changes G.";
  } else if (g) {
    text += change > 0 ? "The fakes now look more real to D: G followed D's gradient (the arrows)."
                       : "D finds the fakes no more real: G's step did not fool it this time.";
    char moved[96];
    std::snprintf(moved, sizeof moved, " They moved %.4f %s on average.", double(s.substep_moved),
                  s.images ? "of the pixel range" : "units on the plane");
    text += moved;
  }
  return text;
}

}  // namespace

// Steps per second from the step counter itself over the last second, so the figure is never
// older than the counter beside it (a paused or stalled run reads 0 at once).
double StepRate::update(double now, std::int64_t step) {
  samples_.push_back({now, step});
  while (samples_.size() > 2 && now - samples_[1].first >= kWindowSeconds) samples_.pop_front();
  const auto& [t0, s0] = samples_.front();
  if (step < s0) samples_.clear();  // a reset or a load: start over
  if (samples_.size() < 2 || now - t0 < 0.25) return rate_;
  rate_ = double(step - s0) / (now - t0);
  return rate_;
}

void ControlsPanel::draw_status(RunSlot& run, const train::Snapshot& snapshot) {
  train::Session& session = run.session();
  text_elided(snapshot.preset + " on " + snapshot.data_description);

  // The counter is read every frame from the atomic, so it moves even between snapshots.
  const bool paused = session.paused();
  const double rate = rate_.update(ImGui::GetTime(), session.step());
  const std::string counter = "Step " + step_text(session.step(), snapshot.half_done);
  if (headline_font) ImGui::PushFont(headline_font);
  ImGui::TextUnformatted(counter.c_str());
  const float counter_right = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
  if (headline_font) ImGui::PopFont();
  if (ImGui::IsItemHovered() && snapshot.half_done)
    ImGui::SetTooltip("%c's half of step %s has run; %c's half finishes it",
                      snapshot.half_done, format_thousands(session.step() + 1).c_str(),
                      snapshot.half_done == 'D' ? 'G' : 'D');
  // The state and the speed, right-aligned on the counter's line when they fit beside it,
  // else on a line of their own (never over the counter).
  const bool watching = !snapshot.watching.empty();
  // A watched run that writes no rows for a while has stopped, or is paused by another window.
  if (session.step() != watched_seen_) watched_seen_ = session.step(), watched_moved_at_ = ImGui::GetTime();
  watched_quiet_ = watching && ImGui::GetTime() - watched_moved_at_ > kQuietSeconds;
  const char* state = paused ? "paused" : watched_quiet_ ? "quiet" : watching ? "watching" : "training";
  char speed[32] = "";
  if (!paused && window_cost)
    std::snprintf(speed, sizeof speed, "%.0f steps/s, %.0f ms", rate, window_cost->frame_ms_percentile(50));
  else if (!paused)
    std::snprintf(speed, sizeof speed, "%.0f steps/s", rate);
  const float gap = ImGui::GetStyle().ItemInnerSpacing.x * 2;
  const float right_width =
      ImGui::CalcTextSize(state).x + (paused ? 0.0f : gap + ImGui::CalcTextSize(speed).x);
  const float right_x = ImGui::GetContentRegionMax().x - right_width;
  if (right_x >= counter_right + gap) {
    ImGui::SameLine(right_x);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() +
                         (headline_font ? headline_font->FontSize - ImGui::GetFontSize() : 0));
  }
  ImGui::TextColored(paused ? palette::notice_text() : palette::running_text(), "%s", state);
  if (!paused) {
    ImGui::SameLine(0, gap);
    ImGui::TextDisabled("%s", speed);
    if (window_cost && ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "Training: %.0f steps/s, %.2f ms a step\n"
          "Snapshot: %.2f ms median, %.2f ms p99 (the trainer thread builds one about ten\n"
          "  times a second, between steps: the grid, D's outputs, the plane)\n"
          "Texture uploads: %.2f ms a frame\n"
          "Frame: %.1f ms median, %.1f ms p99 (60 frames a second is 16.7 ms)\n"
          "over the last %zu frames",
          rate, rate > 0 ? 1000.0 / rate : 0.0, window_cost->snapshot_ms_percentile(50),
          window_cost->snapshot_ms_percentile(99), window_cost->upload_ms_per_frame(),
          window_cost->frame_ms_percentile(50), window_cost->frame_ms_percentile(99),
          std::min(window_cost->frames_seen(), WindowCost::kKept));
  }

  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float half_width = (ImGui::GetContentRegionAvail().x - spacing) / 2;
  if (ImGui::Button(paused ? "Resume" : "Pause", ImVec2(half_width, 0)))
    paused ? session.resume() : session.pause();
  item_tooltip(watching ? (paused ? "Ask the run to train on (RUN/control.json)  [Space]"
                                  : "Ask the run to pause (RUN/control.json)  [Space]")
               : paused ? "Train on  [Space]" : "Stop after this step  [Space]");
  ImGui::SameLine();
  ImGui::BeginDisabled(watching);
  if (ImGui::Button("Reset", ImVec2(half_width, 0))) ImGui::OpenPopup("Reset the run?");
  ImGui::EndDisabled();
  item_tooltip(watching ? "A watched run is reset where it trains" : "Start a new run with new weights; this one stays saved");
  if (ImGui::BeginPopupModal("Reset the run?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted(
        "A new run: new random weights, step back to 0.\nThe fixed latents and settings stay.");
    if (!run.autosave_path().empty())
      ImGui::TextDisabled("This run stays saved in %s (Checkpoint > Recent runs).",
                          home_shortened(run.autosave_path()).c_str());
    if (ImGui::Button("Reset", ImVec2(120, 0))) {
      request_ = {RunRequest::Kind::NewRun, "", true};
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(120, 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
      ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }

  if (watching) {
    draw_watching(session, snapshot);
  } else {
    draw_stepping(session, snapshot, paused);
    draw_pace(session);
  }

  // Keyboard: Space pauses or resumes, '.' steps, 'd' and 'g' step D or G alone, unless a
  // text field has the keyboard. Read from the queue of typed characters, not the key state:
  // ImGui 1.86 samples key state once a frame, so at a low frame rate a short tap between two
  // frames would be lost; typed characters are queued by GLFW's callback.
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
    bool now_paused = paused;
    for (ImWchar c : io.InputQueueCharacters) {
      if (c == ' ') {
        now_paused ? session.resume() : session.pause();
        now_paused = !now_paused;
      }
      if (!now_paused) continue;
      if (c == '.') session.step_once();
      if (c == 'd') session.step_d_once();
      if (c == 'g') session.step_g_once();
    }
  }
}

namespace {
const char* const kWatchingTip =
    "The run trains in another process (another machine, over a shared folder). This window writes "
    "nothing there but RUN/control.json: your settings, pause and save, which the run acts on at its "
    "next step. Stepping by hand, slow motion and pace belong to a window that trains.";
}  // namespace

// A watched run (gui --watch): where it is, and what the window shows of it.
void ControlsPanel::draw_watching(train::Session& session, const train::Snapshot& snapshot) {
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("Watching %s, which trains elsewhere: metrics to step %s, G and D of step %s (its "
                      "last save). Controls, Pause and Save steer it.",
                      home_shortened(snapshot.watching).c_str(), format_thousands(snapshot.watched_step).c_str(),
                      format_thousands(snapshot.step).c_str());
  if (watched_quiet_)
    ImGui::TextColored(palette::notice_text(), "No new rows for %.0f s: the run has stopped, or waits (paused, "
                                               "or measuring).", ImGui::GetTime() - watched_moved_at_);
  if (snapshot.watch_pending)
    ImGui::TextColored(palette::notice_text(), "Settings sent: the marks come back with its metrics, the "
                                               "settings with its next save.");
  ImGui::PopTextWrapPos();
  item_tooltip(kWatchingTip);
  if (ImGui::Button("Save now", ImVec2(-FLT_MIN, 0))) session.save("");
  item_tooltip("Ask the run to save its checkpoint and frames in its own folder at its next step (RUN/control.json). "
               "Checkpoint > Save writes this window's copy, as last read, to a file of yours.");
}

// Step by step: a whole step, D's half or G's half (while paused), and slow motion, which
// splits each step into its two halves and shows each one, with what it changed.
void ControlsPanel::draw_stepping(train::Session& session, const train::Snapshot& snapshot,
                                  bool paused) {
  if (snapshot.run_id != run_id_) {
    run_id_ = snapshot.run_id;
    last_substep_.clear();
  }
  if (!snapshot.substep.empty()) last_substep_ = describe_substep(snapshot);

  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float third = (ImGui::GetContentRegionAvail().x - 2 * spacing) / 3;
  struct StepButton {
    const char* label;
    const char* tooltip;
    void (train::Session::*action)();
  };
  const StepButton buttons[3] = {
      {"Step", "One whole training step (D's half, then G's; or the rest of a half-done step)  [.]",
       &train::Session::step_once},
      {"Step D", "D's half of the step: D learns on a real and a fake batch; watch the heatmap "
                 "sharpen while the fakes stay put  [d]",
       &train::Session::step_d_once},
      {"Step G", "G's half of the step: G moves its fakes along D's gradient; watch them follow "
                 "the arrows  [g]",
       &train::Session::step_g_once},
  };
  ImGui::BeginDisabled(!paused);
  for (int k = 0; k < 3; ++k) {
    if (k > 0) ImGui::SameLine();
    ImGui::PushID(k);
    if (ImGui::Button(buttons[k].label, ImVec2(third, 0))) (session.*buttons[k].action)();
    ImGui::PopID();
    item_tooltip(paused ? buttons[k].tooltip : "Pause first");
  }
  ImGui::EndDisabled();

  bool changed = ImGui::Checkbox("Slow motion", &slow_motion_);
  item_tooltip("Split every step into D's half and G's half, shown one at a time, this many "
               "seconds apart, with what each one changed");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::BeginDisabled(!slow_motion_);
  changed |= ImGui::SliderFloat("##slow_seconds", &slow_seconds_, 0.05f, 2.0f,
                                "%.2f s per half step",
                                ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic);
  ImGui::EndDisabled();
  item_tooltip("Seconds between the halves (Ctrl+click to type)");
  if (changed) session.set_slow_motion(slow_motion_ ? double(slow_seconds_) : 0.0);

  // What the last sub-step did, while it is worth reading: in slow motion or when paused.
  if ((slow_motion_ || paused) && !last_substep_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette::dim_text());
    ImGui::TextWrapped("%s", last_substep_.c_str());
    ImGui::PopStyleColor();
  }
}

// At most N steps a second, from 1 to 10,000, or full speed at the slider's right end.
void ControlsPanel::draw_pace(train::Session& session) {
  row_label("Pace", "How fast training may go: slow it down to watch the 2D runs find their modes");
  const bool full = pace_ >= kFastestPace;
  if (log_slider("##pace", &pace_, kSlowestPace, kFastestPace, full ? "full speed" : "%.0f steps/s"))
    session.set_max_steps_per_second(pace_ >= kFastestPace ? 0.0 : double(pace_));
  item_tooltip("At most this many steps a second; all the way right: as fast as the machine goes "
               "(double-click to type)");
}

void ControlsPanel::draw_hyper(RunSlot& run, const train::Snapshot& snapshot) {
  train::Session& session = run.session();
  // Between edits, show what the trainer has: a loaded checkpoint brings its own settings.
  if (!unsent_) edited_ = session.hyper();
  bool changed = false;
  bool dragging = false;  // one of these sliders is held: send at most every 0.2 s, unmarked
  const char* lr_d_tip = "Discriminator learning rate (Adam keeps its moments when it changes). "
                         "Drag, or double-click to type (e.g. 3e-4)";
  row_label("lr D", lr_d_tip);
  changed |= log_slider("##lr_d", &edited_.lr_d, 1e-6f, 1e-1f);
  lr_d_min_ = ImGui::GetItemRectMin(), lr_d_max_ = ImGui::GetItemRectMax();
  dragging |= ImGui::IsItemActive();
  item_tooltip(lr_d_tip);
  const char* lr_g_tip = "Generator learning rate. Drag, or double-click to type";
  row_label("lr G", lr_g_tip);
  changed |= log_slider("##lr_g", &edited_.lr_g, 1e-6f, 1e-1f);
  dragging |= ImGui::IsItemActive();
  item_tooltip(lr_g_tip);
  changed |= draw_optimizer(dragging);
  const char* d_steps_tip = "Discriminator updates per generator update (Ctrl+click to type)";
  row_label("D steps", d_steps_tip);
  changed |= ImGui::SliderInt("##d_steps", &edited_.d_steps, 1, 10, "%d per G step",
                              ImGuiSliderFlags_AlwaysClamp);
  dragging |= ImGui::IsItemActive();
  item_tooltip(d_steps_tip);
  // The registry's games, each with its summary as the tooltip (nn/gan_objective.h).
  const char* objective_tip = "The game D and G play: D's loss, G's loss, and how D's output is shown";
  row_label("Objective", objective_tip);
  if (ImGui::BeginCombo("##objective", edited_.objective->name)) {
    for (const nn::GanObjective& game : nn::objectives()) {
      if (ImGui::Selectable(game.name, &game == edited_.objective) && &game != edited_.objective) {
        // wgan-gp brings the penalty's weight in the same change, so one send marks both.
        edited_ = train::with_objective(edited_, game);
        changed = true;
      }
      item_tooltip(game.summary);
    }
    ImGui::EndCombo();
  }
  item_tooltip(edited_.objective->summary);
  if (edited_.objective->clips_weights) {
    const char* clip_tip = "WGAN: each of D's parameters is clipped to [-clip, clip] after every "
                           "critic update. Drag, or double-click to type";
    row_label("clip", clip_tip);
    changed |= log_slider("##clip", &edited_.clip, 1e-4f, 1.0f);
    dragging |= ImGui::IsItemActive();
    item_tooltip(clip_tip);
  }
  // D's regularisers' weights, one slider each (train/d_regulariser.h).
  const bool class_logits = run.config().conditional && run.config().conditioning == "projection";
  for (const train::DRegulariser& reg : train::d_regularisers()) {
    if (reg.class_logits && !class_logits) continue;  // D has no class logits to train
    row_label(reg.label, reg.summary);
    ImGui::PushID(reg.name);
    changed |= ImGui::SliderFloat("##weight", &(edited_.*reg.weight), 0.0f, reg.max_weight, "%.3f",
                                  ImGuiSliderFlags_AlwaysClamp);
    dragging |= ImGui::IsItemActive();
    ImGui::PopID();
    item_tooltip(reg.summary);
  }
  changed |= draw_tricks(session, snapshot);
  // The preset's own values (or the config file's), one click away after experiments.
  const train::Hyper defaults = run.preset_hyper();
  ImGui::BeginDisabled(defaults == session.hyper() && !unsent_);
  if (ImGui::Button("Restore preset values", ImVec2(-FLT_MIN, 0))) {
    edited_ = defaults;
    changed = true;
  }
  ImGui::EndDisabled();
  item_tooltip("Back to the optimizer, learning rates, betas, D steps, objective, weights and tricks "
               "the preset starts with (one change mark; a new D if its spectral norm or packing "
               "differ)");
  if (changed) unsent_ = true;
  if (unsent_) send_hyper(session, dragging, run.config().batch);
  if (!invalid_.empty()) ImGui::TextColored(palette::error_text(), "%s", invalid_.c_str());
}

// The optimizer and the settings it reads: Adam's betas, SGD's momentum (beta1), RMSprop's
// alpha. Another optimizer starts from zero moments, which the menu says before the switch.
bool ControlsPanel::draw_optimizer(bool& dragging) {
  bool changed = false;
  const char* reset_tip = "Switching starts the new optimizer from zero moments (the weights stay)";
  const char* tip = "How D and G follow their gradients; switching starts the new optimizer from "
                    "zero moments (the weights stay)";
  row_label("Optimizer", tip);
  if (ImGui::BeginCombo("##optimizer", nn::optimizer_name(edited_.optimizer))) {
    for (nn::OptimizerKind kind : nn::kOptimizerKinds) {
      const bool current = kind == edited_.optimizer;
      if (ImGui::Selectable(nn::optimizer_name(kind), current) && !current) {
        edited_.optimizer = kind;
        changed = true;
      }
      item_tooltip(current ? "In use" : reset_tip);
    }
    ImGui::EndCombo();
  }
  item_tooltip(tip);
  auto slider = [&](const char* label, const char* id, float* v, float lo, float hi,
                    const char* format, const char* slider_tip) {
    row_label(label, slider_tip);
    changed |= ImGui::SliderFloat(id, v, lo, hi, format, ImGuiSliderFlags_AlwaysClamp);
    dragging |= ImGui::IsItemActive();
    item_tooltip(slider_tip);
  };
  switch (edited_.optimizer) {
    case nn::OptimizerKind::Adam:
      slider("beta1", "##beta1", &edited_.beta1, 0.0f, 0.999f, "%.3f",
             "Adam's first-moment decay; GANs often use 0.5 (Ctrl+click to type)");
      slider("beta2", "##beta2", &edited_.beta2, 0.9f, 0.9999f, "%.4f",
             "Adam's second-moment decay (Ctrl+click to type)");
      break;
    case nn::OptimizerKind::Sgd:
      slider("momentum", "##beta1", &edited_.beta1, 0.0f, 0.999f, "%.3f",
             "SGD's momentum (config key beta1; 0: plain SGD; Ctrl+click to type)");
      break;
    case nn::OptimizerKind::RmsProp:
      slider("alpha", "##alpha", &edited_.alpha, 0.9f, 0.9999f, "%.4f",
             "RMSprop's decay of its average of squared gradients; PyTorch's default 0.99 "
             "(Ctrl+click to type)");
      break;
  }
  return changed;
}

void ControlsPanel::send_hyper(train::Session& session, bool dragging, int batch) {
  const double now = ImGui::GetTime();
  if (dragging && now - sent_at_ < kSendWhileDraggingSeconds) return;
  invalid_ = train::validate(edited_, batch);
  // The release sends even an unchanged value when the drag sent unmarked ones: that send
  // records the mark.
  if (invalid_.empty() && (edited_ != session.hyper() || (!dragging && mark_owed_))) {
    session.set_hyper(edited_, !dragging);
    mark_owed_ = dragging;
    sent_at_ = now;
  }
  // Once released, the trainer's values are shown again.
  unsent_ = dragging;
}

}  // namespace ganscope::app
