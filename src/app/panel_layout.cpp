#include "app/panel_layout.h"

#include "app/exports.h"

#include <algorithm>
#include <cmath>

namespace ganscope::app {

namespace {

PanelLayout plane_layout(float w, float h, float font_size) {
  const float gap = 6;
  const float plane_w = std::round(std::clamp(w * 0.38f, 380.0f, std::max(380.0f, h * 0.95f)));
  const float left_w = w - plane_w - 3 * gap;
  const float controls_w = std::round(std::clamp(w * 0.2f, font_size * 20, font_size * 24));
  const float top_h = std::round(std::max(h * 0.62f, std::min(540.0f, h - 250)));
  const float bottom_y = gap + top_h + gap;
  const float bottom_h = std::max(h - bottom_y - gap, 120.0f);
  const float histogram_w = std::round((left_w - gap) * 0.42f);

  // The plane's plot about square: its width, less the axis labels, plus the panel's title,
  // two toolbar rows and the colour scale; the quality panel takes the rest of the column.
  const float quality_h =
      std::round(std::max(h - 3 * gap - (plane_w - 40 + font_size * 9.5f), 120.0f));
  const float plane_h = h - 3 * gap - quality_h;

  PanelLayout layout;
  layout.controls = {ImVec2(gap, gap), ImVec2(controls_w, top_h)};
  layout.samples = {ImVec2(w - gap - plane_w, gap), ImVec2(plane_w, plane_h)};
  layout.quality = {ImVec2(w - gap - plane_w, gap + plane_h + gap), ImVec2(plane_w, quality_h)};
  const float loss_x = gap + controls_w + gap;
  layout.loss = {ImVec2(loss_x, gap), ImVec2(gap + left_w - loss_x, top_h)};
  layout.histogram = {ImVec2(gap, bottom_y), ImVec2(histogram_w, bottom_h)};
  const float explorer_x = gap + histogram_w + gap;
  layout.explorer = {ImVec2(explorer_x, bottom_y), ImVec2(gap + left_w - explorer_x, bottom_h)};
  return layout;
}

}  // namespace

PanelLayout layout_panels(ImVec2 display, float font_size, bool plane) {
  const float gap = 6;
  const float w = std::max(display.x, 640.0f), h = std::max(display.y, 480.0f);
  if (plane) return plane_layout(w, h, font_size);
  // Widths follow the font (the controls' labels) and the window (room for the grid).
  const float controls_w = std::round(std::clamp(w * 0.2f, font_size * 20, font_size * 24));
  const float samples_w = std::round(std::clamp(w * 0.3f, 360.0f, 560.0f));
  const float top_h = std::round(std::max(h * 0.575f, std::min(480.0f, h - 300)));
  const float bottom_y = gap + top_h + gap;
  const float bottom_h = std::max(h - bottom_y - gap, 120.0f);
  const float histogram_w = std::round((w - 3 * gap) * 0.36f);

  PanelLayout layout;
  layout.controls = {ImVec2(gap, gap), ImVec2(controls_w, top_h)};
  layout.samples = {ImVec2(w - gap - samples_w, gap), ImVec2(samples_w, top_h)};
  const float loss_x = gap + controls_w + gap;
  layout.loss = {ImVec2(loss_x, gap), ImVec2(layout.samples.pos.x - gap - loss_x, top_h)};
  layout.histogram = {ImVec2(gap, bottom_y), ImVec2(histogram_w, bottom_h)};
  const float explorer_x = gap + histogram_w + gap;
  layout.explorer = {ImVec2(explorer_x, bottom_y), ImVec2(w - gap - explorer_x, bottom_h)};
  return layout;
}

bool begin_panel(const char* title, const PanelRect& rect, const char* help) {
  ImGui::SetNextWindowPos(rect.pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(rect.size, ImGuiCond_Always);
  const bool open = ImGui::Begin(title, nullptr,
                                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                     ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (help) {
    // In the title bar, right-aligned: outside the window's content clip, so drawn with a
    // clip rectangle of the whole window, and hovered without clipping to the content.
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    const float bar = ImGui::GetFrameHeight();
    const ImVec2 text = ImGui::CalcTextSize("(?)");
    const ImVec2 at(pos.x + size.x - text.x - ImGui::GetStyle().FramePadding.x * 2,
                    pos.y + (bar - text.y) * 0.5f);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PushClipRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), false);
    const bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
                         ImGui::IsMouseHoveringRect(ImVec2(at.x - 4, pos.y), ImVec2(pos.x + size.x, pos.y + bar), false);
    draw->AddText(at, ImGui::GetColorU32(hovered ? ImGuiCol_Text : ImGuiCol_TextDisabled), "(?)");
    // The PNG button left of it, where the title leaves room (a narrow panel's has none).
    const float png_x = at.x - ImGui::CalcTextSize("PNG").x - ImGui::GetFontSize();
    const float title_end = pos.x + ImGui::GetStyle().FramePadding.x + ImGui::CalcTextSize(title, nullptr, true).x;
    if (png_x > title_end + ImGui::GetFontSize()) panel_png_button(title, pos, size, ImVec2(png_x, at.y), bar);
    draw->PopClipRect();
    if (hovered) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
      ImGui::TextUnformatted(help);
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
  return open;
}

}  // namespace ganscope::app
