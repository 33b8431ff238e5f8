#include "app/panel_layout.h"

#include <algorithm>
#include <cmath>

namespace ganscope::app {

PanelLayout layout_panels(ImVec2 display, float font_size) {
  const float gap = 6;
  const float w = std::max(display.x, 640.0f), h = std::max(display.y, 480.0f);
  // Widths follow the font (the controls' labels) and the window (room for the grid).
  const float controls_w = std::round(std::clamp(w * 0.2f, font_size * 20, font_size * 24));
  const float samples_w = std::round(std::clamp(w * 0.3f, 360.0f, 560.0f));
  const float top_h = std::round(std::max(h * 0.56f, std::min(470.0f, h - 300)));
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

bool begin_panel(const char* title, const PanelRect& rect) {
  ImGui::SetNextWindowPos(rect.pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(rect.size, ImGuiCond_Always);
  return ImGui::Begin(title, nullptr,
                      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                          ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                          ImGuiWindowFlags_NoBringToFrontOnFocus);
}

}  // namespace ganscope::app
