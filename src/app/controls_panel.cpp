#include "app/controls_panel.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/palette.h"
#include "app/run_slot.h"
#include "app/plot_axes.h"
#include "imgui_stdlib.h"
#include "train/session.h"

namespace ganscope::app {

namespace {

// While a slider is dragged the trainer gets the value this often: the run responds live
// (keeping Adam's moments) without a change mark for every pixel the mouse moves.
constexpr double kSendWhileDraggingSeconds = 0.2;

// A label in a fixed left column, then the widget filling the rest of the line.
void row_label(const char* label, const char* tooltip = nullptr) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  if (tooltip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
  ImGui::SameLine(ImGui::GetFontSize() * 7.2f);
  ImGui::SetNextItemWidth(-FLT_MIN);
}

// One line of dim text, cut with "..." where the panel is too narrow; hover shows it whole.
void text_elided(const std::string& text) {
  const float width = ImGui::GetContentRegionAvail().x;
  if (ImGui::CalcTextSize(text.c_str()).x <= width) {
    ImGui::TextDisabled("%s", text.c_str());
    return;
  }
  std::string cut = text;
  while (!cut.empty() && ImGui::CalcTextSize((cut + "...").c_str()).x > width) cut.pop_back();
  ImGui::TextDisabled("%s...", cut.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
}

// A log-scale slider for a learning rate. ImGui 1.86's ImGuiSliderFlags_Logarithmic takes the
// value it treats as zero from the format's precision, and a "%e" format has none (-1), so the
// threshold becomes 10^1 and the slider jumps to 10. Instead we slide over log10(value) and
// print the value ourselves; typed input is off since it would be read as the exponent.
bool log_slider(const char* id, float* value, float lo, float hi) {
  float exponent = std::log10(std::clamp(*value, lo, hi));
  char shown[32];
  std::snprintf(shown, sizeof shown, "%.2e", *value);
  if (!ImGui::SliderFloat(id, &exponent, std::log10(lo), std::log10(hi), shown,
                          ImGuiSliderFlags_NoInput))
    return false;
  // Three significant digits, as shown: 2.00e-04, not 1.9999e-04.
  std::snprintf(shown, sizeof shown, "%.2e", std::pow(10.0, double(exponent)));
  const float rounded = std::clamp(std::strtof(shown, nullptr), lo, hi);
  if (rounded == *value) return false;
  *value = rounded;
  return true;
}

// A section title: dim text over a separator (ImGui 1.86 has no SeparatorText).
void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

}  // namespace

void ControlsPanel::draw(RunSlot& run, const train::Snapshot& snapshot) {
  train::Session& session = run.session();
  const std::string& app_notice = run.notice();
  draw_divergence(session, snapshot);
  draw_status(run, snapshot);
  // Notices go high up, where they cannot scroll out of sight on a small window.
  for (const std::string* notice : {&app_notice, &snapshot.notice}) {
    if (notice->empty()) continue;
    // The window's own notice already says which file it opened.
    if (notice == &snapshot.notice && !app_notice.empty() && notice->rfind("loaded ", 0) == 0) continue;
    // The divergence banner already says it.
    if (snapshot.diverged && !snapshot.divergence.empty() &&
        notice->find(snapshot.divergence) != std::string::npos)
      continue;
    ImGui::PushStyleColor(ImGuiCol_Text, palette::notice_text());
    ImGui::TextWrapped("%s", notice->c_str());
    ImGui::PopStyleColor();
  }
  section("Hyperparameters");
  draw_hyper(session);
  if (snapshot.images) {
    section("Image quality");
    image_quality_.draw(session, snapshot);
  }
  section("Checkpoint");
  if (RunRequest r = checkpoints_.draw(run, snapshot)) request_ = r;
  section("Model");
  if (RunRequest r = model_.draw(session.layers(), run.config(), run.store())) request_ = r;
}

// The run stopped itself (a loss or gradient became NaN/Inf or exploded): a red box at the
// very top says what happened and offers the way back. Drawn as a group over a filled
// rectangle (ImGui 1.86 has no auto-sizing child), the rectangle in a channel underneath.
void ControlsPanel::draw_divergence(train::Session& session, const train::Snapshot& snapshot) {
  if (!snapshot.diverged) return;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float pad = style.WindowPadding.x;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->ChannelsSplit(2);
  draw->ChannelsSetCurrent(1);

  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  ImGui::SetCursorScreenPos(ImVec2(top_left.x + pad, top_left.y + pad));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 2 * pad);
  if (headline_font) ImGui::PushFont(headline_font);
  ImGui::TextColored(palette::banner_title(), "Training diverged");
  if (headline_font) ImGui::PopFont();
  ImGui::TextWrapped("%s", snapshot.divergence.empty() ? "The losses stopped being finite."
                                                       : snapshot.divergence.c_str());
  // Resume is still allowed (a loss that exploded may come back), but NaN weights stay NaN.
  ImGui::TextWrapped(snapshot.paused ? "Training paused."
                                     : "Still training from the diverged state.");
  ImGui::PopTextWrapPos();

  const bool can_roll_back = snapshot.rollback_step >= 0;
  const bool sent = rollback_sent_at_ == snapshot.generation;
  const std::string label = can_roll_back
                                ? "Roll back to step " + format_thousands(snapshot.rollback_step)
                                : std::string("Roll back");
  ImGui::PushStyleColor(ImGuiCol_Button, palette::banner_button());
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, palette::banner_button_hovered());
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, palette::banner_button_active());
  ImGui::BeginDisabled(!can_roll_back || sent);
  if (ImGui::Button(label.c_str(), ImVec2(width - 2 * pad, 0))) {
    session.rollback();
    rollback_sent_at_ = snapshot.generation;
  }
  ImGui::EndDisabled();
  ImGui::PopStyleColor(3);
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(can_roll_back ? "Restore the last good weights, optimizer state and history"
                                    : "No good state kept yet: Reset starts over");
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 2 * pad);
  ImGui::TextWrapped(can_roll_back ? "Then lower the learning rates and press Resume."
                                   : "Nothing to roll back to yet: Reset starts over.");
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();

  const ImVec2 bottom_right(top_left.x + width, ImGui::GetItemRectMax().y + pad);
  draw->ChannelsSetCurrent(0);
  draw->AddRectFilled(top_left, bottom_right, palette::kBannerBackground, style.FrameRounding);
  draw->AddRect(top_left, bottom_right, palette::kBannerBorder, style.FrameRounding, 0, 1.5f);
  draw->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(top_left.x, bottom_right.y));
  ImGui::Dummy(ImVec2(width, style.ItemSpacing.y));
}

void ControlsPanel::draw_status(RunSlot& run, const train::Snapshot& snapshot) {
  train::Session& session = run.session();
  text_elided(snapshot.preset + " on " + snapshot.data_description);

  // The step counter is read every frame from the atomic, so it moves even between snapshots.
  const bool paused = session.paused();
  if (headline_font) ImGui::PushFont(headline_font);
  ImGui::Text("Step %s", format_thousands(session.step()).c_str());
  if (headline_font) ImGui::PopFont();
  // On the same line, right-aligned: the state, and the speed while training.
  const char* state = paused ? "paused" : "training";
  char speed[32] = "";
  if (!paused) std::snprintf(speed, sizeof speed, "%.0f steps/s", snapshot.steps_per_second);
  const float gap = ImGui::GetStyle().ItemInnerSpacing.x * 2;
  const float right_width = ImGui::CalcTextSize(state).x +
                            (paused ? 0.0f : gap + ImGui::CalcTextSize(speed).x);
  ImGui::SameLine(ImGui::GetContentRegionMax().x - right_width);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() +
                       (headline_font ? headline_font->FontSize - ImGui::GetFontSize() : 0));
  ImGui::TextColored(paused ? palette::notice_text() : ImVec4(0.45f, 0.85f, 0.45f, 1.0f), "%s",
                     state);
  if (!paused) {
    ImGui::SameLine(0, gap);
    ImGui::TextDisabled("%s", speed);
  }

  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float half_width = (ImGui::GetContentRegionAvail().x - spacing) / 2;
  if (ImGui::Button(paused ? "Resume" : "Pause", ImVec2(half_width, 0)))
    paused ? session.resume() : session.pause();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Space");
  ImGui::SameLine();
  if (ImGui::Button("Reset", ImVec2(half_width, 0))) ImGui::OpenPopup("Reset the run?");
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

  draw_stepping(session, snapshot, paused);

  // Keyboard: Space pauses or resumes, '.' steps, 'd' and 'g' step D or G alone, unless a
  // text field has the keyboard.
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false))
      paused ? session.resume() : session.pause();
    for (ImWchar c : io.InputQueueCharacters) {
      if (!paused) continue;
      if (c == '.') session.step_once();
      if (c == 'd') session.step_d_once();
      if (c == 'g') session.step_g_once();
    }
  }
}

// Step by step: a whole step, D's update or G's alone (while paused), and slow motion, which
// splits each step into its two updates and shows each one, with what it changed.
void ControlsPanel::draw_stepping(train::Session& session, const train::Snapshot& snapshot,
                                  bool paused) {
  if (snapshot.run_id != run_id_) {
    run_id_ = snapshot.run_id;
    last_substep_.clear();
  }
  if (!snapshot.substep.empty()) last_substep_ = snapshot.substep;

  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float third = (ImGui::GetContentRegionAvail().x - 2 * spacing) / 3;
  struct StepButton {
    const char* label;
    const char* tooltip;
    void (train::Session::*action)();
  };
  const StepButton buttons[3] = {
      {"Step", "One training step (D's update, then G's), then pause again  [.]",
       &train::Session::step_once},
      {"Step D", "D's update alone: watch the heatmap sharpen while the fakes stay put  [d]",
       &train::Session::step_d_once},
      {"Step G", "G's update alone, on fresh fakes: watch the fakes follow the arrows  [g]",
       &train::Session::step_g_once},
  };
  ImGui::BeginDisabled(!paused);
  for (int k = 0; k < 3; ++k) {
    if (k > 0) ImGui::SameLine();
    ImGui::PushID(k);
    if (ImGui::Button(buttons[k].label, ImVec2(third, 0))) (session.*buttons[k].action)();
    ImGui::PopID();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s", paused ? buttons[k].tooltip : "Pause first");
  }
  ImGui::EndDisabled();

  bool changed = ImGui::Checkbox("Slow motion", &slow_motion_);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Split every step into D's update and G's update, published one at a "
                      "time, this many seconds apart");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::BeginDisabled(!slow_motion_);
  changed |= ImGui::SliderFloat("##slow_seconds", &slow_seconds_, 0.05f, 2.0f,
                                "%.2f s per sub-step",
                                ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic);
  ImGui::EndDisabled();
  if (changed) session.set_slow_motion(slow_motion_ ? double(slow_seconds_) : 0.0);

  // What the last sub-step did, while it is worth reading: in slow motion or when paused.
  if ((slow_motion_ || paused) && !last_substep_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette::dim_text());
    ImGui::TextWrapped("%s", last_substep_.c_str());
    ImGui::PopStyleColor();
  }
}

void ControlsPanel::draw_hyper(train::Session& session) {
  // Between edits, show what the trainer has: a loaded checkpoint brings its own settings.
  if (!unsent_) edited_ = session.hyper();
  bool changed = false;
  bool dragging = false;  // one of these sliders is held: send at most every 0.2 s
  row_label("lr D", "Discriminator learning rate (Adam keeps its moments when it changes)");
  changed |= log_slider("##lr_d", &edited_.lr_d, 1e-6f, 1e-1f);
  dragging |= ImGui::IsItemActive();
  row_label("lr G", "Generator learning rate");
  changed |= log_slider("##lr_g", &edited_.lr_g, 1e-6f, 1e-1f);
  dragging |= ImGui::IsItemActive();
  row_label("beta1", "Adam's first-moment decay; GANs often use 0.5");
  changed |= ImGui::SliderFloat("##beta1", &edited_.beta1, 0.0f, 0.999f, "%.3f",
                                ImGuiSliderFlags_AlwaysClamp);
  dragging |= ImGui::IsItemActive();
  row_label("beta2", "Adam's second-moment decay");
  changed |= ImGui::SliderFloat("##beta2", &edited_.beta2, 0.9f, 0.9999f, "%.4f",
                                ImGuiSliderFlags_AlwaysClamp);
  dragging |= ImGui::IsItemActive();
  row_label("D steps", "Discriminator updates per generator update");
  changed |= ImGui::SliderInt("##d_steps", &edited_.d_steps, 1, 10, "%d per G step",
                              ImGuiSliderFlags_AlwaysClamp);
  dragging |= ImGui::IsItemActive();
  row_label("G loss",
            "non-saturating: -log D(G(z)), strong gradients while D wins.\n"
            "minimax: log(1 - D(G(z))), the original game; its gradient vanishes when D is sure.");
  if (ImGui::BeginCombo("##g_loss", train::to_string(edited_.g_loss))) {
    for (train::GenLoss loss : {train::GenLoss::NonSaturating, train::GenLoss::Minimax}) {
      if (ImGui::Selectable(train::to_string(loss), loss == edited_.g_loss) &&
          loss != edited_.g_loss) {
        edited_.g_loss = loss;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  if (changed) unsent_ = true;
  if (unsent_) send_hyper(session, dragging);
  if (!invalid_.empty()) ImGui::TextColored(palette::error_text(), "%s", invalid_.c_str());
}

void ControlsPanel::send_hyper(train::Session& session, bool dragging) {
  const double now = ImGui::GetTime();
  if (dragging && now - sent_at_ < kSendWhileDraggingSeconds) return;
  invalid_ = train::validate(edited_);
  if (invalid_.empty() && edited_ != session.hyper()) {
    session.set_hyper(edited_);
    sent_at_ = now;
  }
  // Once released, the trainer's values are shown again.
  unsent_ = dragging;
}

}  // namespace ganscope::app
