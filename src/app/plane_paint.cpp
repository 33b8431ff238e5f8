#include "app/plane_paint.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/palette.h"
#include "train/session.h"

namespace ganscope::app {

void PlanePainter::spray(double cx, double cy, double radius_x, double radius_y, int count) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < count && points_.size() / 2 < kMaxPoints; ++i) {
    // Uniform in the disc: the square root of a uniform radius.
    const double r = std::sqrt(unit(rng_)), angle = 2 * M_PI * unit(rng_);
    points_.push_back(float(cx + radius_x * r * std::cos(angle)));
    points_.push_back(float(cy + radius_y * r * std::sin(angle)));
  }
}

int PlanePainter::erase(double cx, double cy, double radius_x, double radius_y) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i + 1 < points_.size(); i += 2) {
    const double dx = (points_[i] - cx) / radius_x, dy = (points_[i + 1] - cy) / radius_y;
    if (dx * dx + dy * dy <= 1) continue;
    points_[kept++] = points_[i];
    points_[kept++] = points_[i + 1];
  }
  const int removed = int((points_.size() - kept) / 2);
  points_.resize(kept);
  return removed;
}

void PlanePainter::draw_tools() {
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(1, style.ItemSpacing.y));
  const ImVec4 on = ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive);
  const ImVec4 off = ImGui::GetStyleColorVec4(ImGuiCol_FrameBg);
  for (Tool tool : {Tool::Add, Tool::Erase}) {
    if (tool == Tool::Erase) ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, tool == tool_ ? on : off);
    if (ImGui::Button(tool == Tool::Add ? "Add" : "Erase")) tool_ = tool;
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(tool == Tool::Add ? "Hold the left button on the plot to spray points"
                                          : "Hold the left button to remove painted points");
  }
  ImGui::PopStyleVar();
  ImGui::SameLine();
  const float slider = ImGui::GetFontSize() * 6.2f;
  ImGui::SetNextItemWidth(slider);
  ImGui::SliderFloat("##brush", &brush_pixels_, 3.0f, 80.0f, "brush %.0f px",
                     ImGuiSliderFlags_AlwaysClamp);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Brush radius on the screen");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(slider);
  ImGui::SliderFloat("##density", &density_, 20.0f, 3000.0f, "%.0f points/s",
                     ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Points added per second while the button is held");
}

void PlanePainter::draw_actions(train::Session& session, ImVec2 min, ImVec2 max) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const int n = int(points_.size() / 2);
  char count[48];
  std::snprintf(count, sizeof count, "%d painted", n);
  const char* clear = "Clear";
  const char* train = "Train on painted points";
  const float pad = 2 * style.FramePadding.x;
  const float buttons = ImGui::CalcTextSize(clear).x + ImGui::CalcTextSize(train).x + 2 * pad +
                        style.ItemSpacing.x;
  // The count first when there is room for it.
  const float with_count = buttons + ImGui::CalcTextSize(count).x + style.ItemSpacing.x;
  const bool show_count = with_count <= max.x - min.x;
  const float x = std::max(min.x, max.x - (show_count ? with_count : buttons));
  const float y = min.y + std::max(0.0f, (max.y - min.y - ImGui::GetFrameHeight()) * 0.5f);
  // Over the footer's space (already taken): no item may reach past its bottom, or the panel
  // would scroll.
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  if (show_count) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", count);
    ImGui::SameLine();
  }
  ImGui::BeginDisabled(points_.empty());
  if (ImGui::Button(clear)) clear_points();
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Remove all %d painted points", n);
  ImGui::SameLine();
  ImGui::BeginDisabled(points_.empty() || trained_on());
  if (ImGui::Button(train)) {
    session.set_points(points_);
    sent_ = points_;
  }
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(points_.empty() ? "Paint some points first"
                      : trained_on()  ? "The trainer has these points"
                                      : "From the next step on, D sees these %d points as the "
                                        "real data",
                      n);
}

void PlanePainter::handle_mouse(ImDrawList* draw, const PlotFrame& frame, bool hovered, bool held) {
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const double rx = brush_pixels_ * (frame.x1 - frame.x0) / std::max(1.0f, frame.width());
  const double ry = brush_pixels_ * (frame.y1 - frame.y0) / std::max(1.0f, frame.height());
  const double cx = frame.x_at(mouse.x), cy = frame.y_at(mouse.y);
  if (held) {
    if (tool_ == Tool::Add) {
      owed_ += density_ * std::min(ImGui::GetIO().DeltaTime, 0.1f);
      const int count = int(owed_);
      owed_ -= count;
      spray(cx, cy, rx, ry, count);
    } else {
      erase(cx, cy, rx, ry);
    }
  } else {
    owed_ = 1;  // a click adds a point at once
  }
  if (hovered || held) {
    const ImU32 colour = tool_ == Tool::Add ? palette::kPainted : IM_COL32(255, 255, 255, 220);
    draw->AddCircle(mouse, brush_pixels_, palette::kPointOutline, 48, 3.0f);
    draw->AddCircle(mouse, brush_pixels_, colour, 48, 1.5f);
    if (tool_ == Tool::Erase) {
      const float s = 4;
      draw->AddLine(ImVec2(mouse.x - s, mouse.y - s), ImVec2(mouse.x + s, mouse.y + s), colour);
      draw->AddLine(ImVec2(mouse.x - s, mouse.y + s), ImVec2(mouse.x + s, mouse.y - s), colour);
    }
  }
}

void PlanePainter::draw_points(ImDrawList* draw, const PlotFrame& frame) const {
  for (std::size_t i = 0; i + 1 < points_.size(); i += 2) {
    const ImVec2 p = frame.to_screen(points_[i], points_[i + 1]);
    if (p.x < frame.min.x - 4 || p.x > frame.max.x + 4 || p.y < frame.min.y - 4 ||
        p.y > frame.max.y + 4)
      continue;
    draw->AddCircleFilled(p, 3.0f, palette::kPointOutline, 8);
    draw->AddCircleFilled(p, 2.0f, palette::kPainted, 8);
  }
}

}  // namespace ganscope::app
