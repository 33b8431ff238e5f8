#include "app/controls_panel.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/palette.h"
#include "app/run_slot.h"
#include "app/widgets.h"
#include "app/plot_axes.h"
#include "imgui_stdlib.h"
#include "train/session.h"

namespace ganscope::app {

void ControlsPanel::draw(RunSlot& run, const train::Snapshot& snapshot) {
  // A new run's panel starts at its top (ImGui keeps a window's scroll by its title).
  if (first_frame_) ImGui::SetScrollY(0);
  first_frame_ = false;
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
  section("Lessons");
  if (RunRequest r = lessons_.draw(run)) request_ = r;
  section("Hyperparameters");
  draw_hyper(run, snapshot);
  if (snapshot.images) {
    section("Image quality");
    image_quality_.draw(session, snapshot);
  }
  section("Checkpoint");
  if (RunRequest r = checkpoints_.draw(run, snapshot)) request_ = r;
  section("Model");
  if (RunRequest r = model_.draw(session.layers(), snapshot.layers, run.config(), run.store()))
    request_ = r;
}

void ControlsPanel::show_pace(double steps_per_second) {
  pace_ = steps_per_second <= 0 ? 10000.0f : float(steps_per_second);
}

void ControlsPanel::show_slow_motion(double seconds) {
  slow_motion_ = seconds > 0;
  if (seconds > 0) slow_seconds_ = float(seconds);
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

}  // namespace ganscope::app
