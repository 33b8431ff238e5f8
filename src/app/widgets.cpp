#include "app/widgets.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "app/palette.h"
#include "app/plot_axes.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace ganscope::app {

namespace {

// The slider being typed into (one at a time, like ImGui's own), and its text so far.
struct TypedEntry {
  ImGuiID id = 0;
  std::string text;
  bool focus = false;
  bool invalid = false;
};
TypedEntry typing;

// The value as the slider prints it (a label without a number, e.g. "full speed": as is).
float rounded_to_format(double v, const char* format) {
  if (!std::strchr(format, '%')) return float(v);
  char shown[48];
  std::snprintf(shown, sizeof shown, format, v);
  return std::strtof(shown, nullptr);
}

}  // namespace

bool log_slider(const char* id, float* value, float lo, float hi, const char* format) {
  const ImGuiID key = ImGui::GetID(id);
  if (typing.id == key) {
    if (typing.focus) ImGui::SetKeyboardFocusHere();
    typing.focus = false;
    if (typing.invalid) ImGui::PushStyleColor(ImGuiCol_FrameBg, palette::error_frame());
    const bool entered = ImGui::InputText(id, &typing.text,
                                          ImGuiInputTextFlags_EnterReturnsTrue |
                                              ImGuiInputTextFlags_AutoSelectAll |
                                              ImGuiInputTextFlags_CharsScientific);
    if (typing.invalid) ImGui::PopStyleColor();
    const bool left = ImGui::IsItemDeactivated() && !entered;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Type a value from %g to %g, then Enter (Escape: keep the old one)",
                        double(lo), double(hi));
    if (entered) {
      char* end = nullptr;
      const double typed = std::strtod(typing.text.c_str(), &end);
      typing.invalid = end == typing.text.c_str() || *end != '\0' || !std::isfinite(typed) ||
                       typed < double(lo) || typed > double(hi);
      if (!typing.invalid) {
        typing.id = 0;
        if (float(typed) == *value) return false;
        *value = float(typed);
        return true;
      }
      typing.focus = true;  // keep the field for another try
    } else if (left || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      typing.id = 0;
    }
    return false;
  }
  float exponent = std::log10(std::clamp(*value, lo, hi));
  char shown[48];
  std::snprintf(shown, sizeof shown, format, double(*value));
  const bool moved = ImGui::SliderFloat(id, &exponent, std::log10(lo), std::log10(hi), shown,
                                        ImGuiSliderFlags_NoInput);
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemHovered() &&
      ((ImGui::IsMouseClicked(0) && io.KeyCtrl) || ImGui::IsMouseDoubleClicked(0))) {
    // The click also moved the slider: typing starts from the value before it.
    typing = {key, shown, true, false};
    return false;
  }
  if (!moved) return false;
  const float v = std::clamp(rounded_to_format(std::pow(10.0, double(exponent)), format), lo, hi);
  if (v == *value) return false;
  *value = v;
  return true;
}

void row_label(const char* label, const char* tooltip) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  if (tooltip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
  ImGui::SameLine(ImGui::GetFontSize() * 7.2f);
  ImGui::SetNextItemWidth(-FLT_MIN);
}

void item_tooltip(const char* tooltip) {
  if (tooltip && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && !ImGui::IsItemActive())
    ImGui::SetTooltip("%s", tooltip);
}

void text_elided(const std::string& text, float reserve) {
  const float width = ImGui::GetContentRegionAvail().x - reserve;
  if (ImGui::CalcTextSize(text.c_str()).x <= width) {
    ImGui::TextDisabled("%s", text.c_str());
    return;
  }
  std::string cut = text;
  while (!cut.empty() && ImGui::CalcTextSize((cut + "...").c_str()).x > width) cut.pop_back();
  ImGui::TextDisabled("%s...", cut.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

bool time_slider(const char* id, const train::GridFrames& frames, std::int64_t* past_step, ImVec2* min,
                 ImVec2* max, const char* tooltip, BranchButton* branch) {
  if (frames.empty()) return false;
  const int live = int(frames.size());
  int at = live;
  if (*past_step >= 0) {
    at = 0;
    for (std::size_t k = 0; k < frames.size(); ++k)
      if (frames[k]->step <= *past_step) at = int(k);
  }
  const std::string label = at == live ? "live" : "step " + format_thousands(frames[std::size_t(at)]->step);
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("Time");
  ImGui::SameLine();
  const float pad = 2 * ImGui::GetStyle().FramePadding.x, spacing = ImGui::GetStyle().ItemSpacing.x;
  const float buttons_w = ImGui::CalcTextSize("Live").x + pad + spacing +
                          (branch ? ImGui::CalcTextSize("Branch").x + pad + spacing : 0.0f);
  ImGui::SetNextItemWidth(std::max(60.0f, ImGui::GetContentRegionAvail().x - buttons_w));
  const std::int64_t before = *past_step;
  ImGui::PushID(id);
  if (ImGui::SliderInt("##time", &at, 0, live, label.c_str(), ImGuiSliderFlags_AlwaysClamp))
    *past_step = at >= live ? -1 : frames[std::size_t(at)]->step;
  *min = ImGui::GetItemRectMin();
  *max = ImGui::GetItemRectMax();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
  ImGui::SameLine();
  ImGui::BeginDisabled(*past_step < 0);
  if (ImGui::Button("Live")) *past_step = -1;
  ImGui::EndDisabled();
  if (branch) {
    // The latest state kept at or before the frame shown.
    std::int64_t from = -1;
    if (*past_step >= 0 && branch->kept_states)
      for (std::int64_t k : *branch->kept_states)
        if (k <= *past_step) from = k;
    ImGui::SameLine();
    ImGui::BeginDisabled(from < 0);
    if (ImGui::Button("Branch")) {
      branch->clicked = from;
      *past_step = -1;  // the new branch is live
    }
    ImGui::EndDisabled();
    branch->min = ImGui::GetItemRectMin(), branch->max = ImGui::GetItemRectMax();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip(from >= 0 ? "Branch from here: training goes back to the full state kept at step %s (G, D, "
                                    "their optimizers, the random draws) and goes on with the settings set now. "
                                    "The branch left is drawn faded on the loss curves."
                        : *past_step < 0 ? "Move the slider back to branch from a past step%s"
                                         : "No full state is kept at or before this step yet%s (one every 1,000 steps)",
                        from >= 0 ? format_thousands(from).c_str() : "");
  }
  ImGui::PopID();
  return *past_step != before;
}

}  // namespace ganscope::app
