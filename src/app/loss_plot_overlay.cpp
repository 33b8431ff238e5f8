// The loss plot's overlay of another run (LossPlot::set_overlay): its metrics.csv read once
// (train/metrics_csv.h), drawn under this run's curves in paler colours on the same axes.
#include <algorithm>
#include <exception>
#include <filesystem>

#include "app/loss_plot.h"
#include "app/palette.h"
#include "train/metrics_csv.h"

namespace ganscope::app {

namespace {

// A series' colour for the overlaid run: halfway to white, half transparent.
ImU32 overlay_colour(ImU32 colour) {
  const ImVec4 c = ImColor(colour);
  return ImColor(0.5f + 0.5f * c.x, 0.5f + 0.5f * c.y, 0.5f + 0.5f * c.z, 0.55f);
}

}  // namespace

void LossPlot::set_overlay(const std::string& path) {
  if (path.empty()) {
    overlay_ = MetricHistory();
    overlay_path_.clear();
    overlay_name_.clear();
    overlay_error_.clear();
    return;
  }
  try {
    MetricHistory loaded;
    train::read_metrics_csv(path, [&](const std::vector<train::MetricRow>& rows) { loaded.append(rows); });
    if (loaded.size() == 0) throw std::runtime_error(path + ": no rows yet");
    overlay_ = std::move(loaded);
    overlay_path_ = path;
    // The run's folder names it: RUN/metrics.csv or RUN.
    std::filesystem::path p(path);
    if (p.filename() == "metrics.csv") p = p.parent_path();
    overlay_name_ = p.filename().string();
    if (overlay_name_.empty()) overlay_name_ = path;
    overlay_error_.clear();
  } catch (const std::exception& e) {
    overlay_error_ = e.what();
  }
}

void LossPlot::set_overlay_rows(const std::vector<train::MetricRow>& rows, const std::string& name) {
  MetricHistory branch;
  branch.append(rows);
  overlay_ = std::move(branch);
  overlay_path_.clear();
  overlay_name_ = name;
  overlay_error_.clear();
}

std::array<std::size_t, 2> LossPlot::overlay_rows_shown() const {
  const std::vector<double>& steps = overlay_.steps();
  return {std::size_t(std::lower_bound(steps.begin(), steps.end(), x0_) - steps.begin()),
          std::size_t(std::upper_bound(steps.begin(), steps.end(), x1_) - steps.begin())};
}

void LossPlot::draw_overlay_controls() {
  const char* label = overlay_.size() > 0 ? "Overlay: on" : "Overlay...";
  const float width = ImGui::CalcTextSize(label).x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SameLine(0, 14);
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
  if (ImGui::Button(label)) ImGui::OpenPopup("##overlay");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(overlay_.size() > 0 ? "Comparing with %s (%zu rows), drawn paler under this run"
                                          : "Draw another run's metrics.csv under this run's curves, to compare%s",
                      overlay_name_.c_str(), overlay_.size());
  if (!ImGui::BeginPopup("##overlay")) return;
  ImGui::TextUnformatted("Another run to compare: its folder or its metrics.csv");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
  const bool entered = ImGui::InputTextWithHint("##overlay_path", "runs/other or runs/other/metrics.csv", overlay_input_,
                                                sizeof overlay_input_, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if (ImGui::Button("Open") || entered) set_overlay(overlay_input_);
  if (overlay_.size() > 0) {
    ImGui::Text("Shown: %s, %zu rows", overlay_name_.c_str(), overlay_.size());
    ImGui::SameLine();
    if (ImGui::SmallButton("Remove")) set_overlay("");
  }
  if (!overlay_error_.empty()) ImGui::TextColored(ImColor(palette::kFake), "%s", overlay_error_.c_str());
  ImGui::EndPopup();
}

void LossPlot::draw_overlay_curves(Subplot& plot) {
  if (overlay_.size() == 0) return;
  const PlotFrame& frame = plot.frame;
  const bool smoothed = smoothing_ > 0;
  const bool log_y = plot.can_log && plot.log_y;
  const std::array<std::size_t, 2> rows = overlay_rows_shown();
  const double visible_mask = (visible_[plot.series[0]] ? 1 : 0) + (visible_[plot.series[1]] ? 2 : 0);
  const std::array<double, 12> key = {double(overlay_.version()), frame.x0, frame.x1, frame.y0, frame.y1,
                                      frame.min.x, frame.min.y, frame.max.x, frame.max.y,
                                      visible_mask + (log_y ? 4 : 0), double(rows[0]), double(rows[1])};
  if (key != plot.overlay_key) {
    plot.overlay_key = key;
    for (std::size_t k = 0; k < plot.series.size(); ++k) {
      plot.overlay[k].points.clear();
      if (visible_[plot.series[k]])
        build_curve(frame, overlay_, plot.series[k], smoothed, log_y, rows[0], rows[1], plot.overlay[k]);
    }
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (std::size_t k = 0; k < plot.series.size(); ++k)
    if (visible_[plot.series[k]]) stroke(draw, plot.overlay[k], overlay_colour(series_info(plot.series[k]).colour), 1.4f);
  if (&plot == shown_.front()) {  // the overlaid run's name, once, in the top plot's corner
    const std::string text = "paler: " + overlay_name_;
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const ImVec2 at(frame.max.x - size.x - 6, frame.min.y + 4);
    draw->AddRectFilled(ImVec2(at.x - 3, at.y - 1), ImVec2(at.x + size.x + 3, at.y + size.y + 1), IM_COL32(10, 11, 14, 200), 3);
    draw->AddText(at, IM_COL32(200, 200, 205, 255), text.c_str());
  }
}

}  // namespace ganscope::app
