// The loss plot's hover read-out: the step under the mouse across all the plots drawn.
#include <cmath>

#include "app/loss_plot.h"
#include "app/palette.h"
#include "train/run_health.h"  // alarm_names

namespace ganscope::app {

// The step under the mouse: a line through every plot with a dot on each curve, and a
// tooltip with the hovered plot's values and the setting changes within a few pixels.
void LossPlot::draw_hover(const Subplot& hovered) {
  const PlotFrame& frame = hovered.frame;
  const float mouse_x = ImGui::GetIO().MousePos.x;
  std::vector<const train::ChangeMark*> near_marks;
  for (const train::ChangeMark& mark : marks_) {
    if (mark.step < frame.x0 || mark.step > frame.x1) continue;
    if (std::fabs(frame.to_screen(double(mark.step), 0).x - mouse_x) <= 4)
      near_marks.push_back(&mark);
  }
  auto near = [&](std::int64_t step) {
    return step >= 0 && std::fabs(frame.to_screen(double(step), 0).x - mouse_x) <= 4;
  };
  const bool near_divergence = near(diverged_step_);
  const bool near_rollback = near(rollback_step_);
  std::vector<MetricHistory::Alarm> near_alarms;
  for (const MetricHistory::Alarm& alarm : history_.alarms())
    if (alarm.step >= frame.x0 && alarm.step <= frame.x1 && near(alarm.step)) near_alarms.push_back(alarm);
  if (history_.size() == 0 && near_marks.empty() && !near_divergence && !near_rollback) return;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImGui::BeginTooltip();
  if (history_.size() > 0) {
    const std::size_t i = history_.nearest(frame.x_at(mouse_x));
    const double step = history_.steps()[i];
    for (const Subplot* shown : shown_) {
      const Subplot& plot = *shown;
      const PlotFrame& f = plot.frame;
      const float sx = f.to_screen(step, 0).x;
      draw->AddLine(ImVec2(sx, f.min.y), ImVec2(sx, f.max.y), palette::kHoverLine);
      const bool log_y = plot.can_log && plot.log_y;
      for (int s : plot.series) {
        if (!visible_[s]) continue;
        const float shown = smoothing_ > 0 ? history_.smoothed(s)[i] : history_.raw(s)[i];
        if (std::isfinite(plotted(shown, log_y)))
          draw->AddCircleFilled(f.to_screen(step, plotted(shown, log_y)), 3.5f,
                                series_info(s).colour);
      }
    }
    ImGui::Text("Step %s", format_thousands(static_cast<long long>(step)).c_str());
    if (ImGui::BeginTable("##hover_values", 3, ImGuiTableFlags_SizingFixedFit)) {
      for (int s : hovered.series) {
        if (!visible_[s] || (hovered.optional && !history_.has_values(s))) continue;
        const SeriesInfo& info = series_info(s);
        const float raw = history_.raw(s)[i];
        const float shown = smoothing_ > 0 ? history_.smoothed(s)[i] : raw;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        legend_swatch(info.colour);
        ImGui::SameLine(0, 5);
        ImGui::TextUnformatted(info.label);
        ImGui::TableNextColumn();
        // The critic's series before (or after) a Wasserstein game: the row has none.
        if (hovered.optional && !std::isfinite(raw)) {
          ImGui::TextDisabled("none at this step");
          ImGui::TableNextColumn();
          continue;
        }
        ImGui::Text("%.4g", shown);
        ImGui::TableNextColumn();
        if (smoothing_ > 0) ImGui::TextDisabled("raw %.4g", raw);
      }
      ImGui::EndTable();
    }
  }
  for (const MetricHistory::Alarm& alarm : near_alarms) {
    const auto& names = train::alarm_names();
    const char* name = alarm.kind <= int(names.size()) ? names[std::size_t(alarm.kind - 1)] : "?";
    ImGui::TextColored(ImColor(palette::kAlarmMark), "step %s: alarm %s (the banner said why)",
                       format_thousands(alarm.step).c_str(), name);
  }
  const std::size_t max_listed = 6;
  for (std::size_t m = 0; m < near_marks.size() && m < max_listed; ++m) {
    if (m == 0) ImGui::Separator();
    ImGui::TextColored(palette::notice_text(), "step %s: %s",
                       format_thousands(near_marks[m]->step).c_str(), near_marks[m]->what.c_str());
  }
  if (near_marks.size() > max_listed)
    ImGui::TextDisabled("... and %zu more changes", near_marks.size() - max_listed);
  if (near_divergence || near_rollback) ImGui::Separator();
  if (near_divergence) ImGui::TextColored(palette::error_text(), "%s", divergence_.c_str());
  if (near_rollback)
    ImGui::TextDisabled("step %s: the last good state (Roll back returns here)",
                        format_thousands(rollback_step_).c_str());
  ImGui::EndTooltip();
}

}  // namespace ganscope::app
