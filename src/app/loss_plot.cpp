#include "app/loss_plot.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include "app/palette.h"
#include "train/session.h"

namespace ganscope::app {

namespace {

// A small filled square in a series' colour, as a legend swatch, on the current line.
void swatch(ImU32 colour, bool filled = true) {
  const float size = ImGui::GetFontSize() * 0.7f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float top = at.y + (ImGui::GetTextLineHeight() - size) * 0.5f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (filled)
    draw->AddRectFilled(ImVec2(at.x, top), ImVec2(at.x + size, top + size), colour, 2.0f);
  else
    draw->AddRect(ImVec2(at.x, top), ImVec2(at.x + size, top + size), colour, 2.0f);
  ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
}

// The value as plotted: itself, or log10 of it on a log axis (where 0 and below cannot go).
double plotted(float value, bool log_y) {
  if (!log_y) return value;
  return value > 0 ? std::log10(double(value)) : NAN;
}

// Continues the line when `width` more pixels fit on it, else starts a new one.
void same_line_if_fits(float width, float spacing) {
  ImGui::SameLine(0, spacing);
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

float checkbox_width(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
         ImGui::CalcTextSize(label).x;
}

}  // namespace

void LossPlot::draw(const train::Session& session, const train::Snapshot& snapshot) {
  history_.fetch(session);
  diverged_step_ = snapshot.diverged ? snapshot.step : -1;
  divergence_ = snapshot.diverged ? snapshot.divergence : std::string();
  rollback_step_ = snapshot.diverged ? snapshot.rollback_step : -1;
  // Marks change rarely; a few fetches a second keep a paused run's marks current too.
  const double now = ImGui::GetTime();
  if (history_.version() != marks_version_ || now - marks_fetched_at_ > 0.25) {
    marks_ = session.change_marks();
    marks_version_ = history_.version();
    marks_fetched_at_ = now;
  }

  draw_legend();
  draw_view_controls();
  history_.set_smoothing(smoothing_);

  const std::vector<double>& steps = history_.steps();
  double x1 = steps.empty() ? 100 : steps.back();
  double x0 = steps.empty() ? 0 : steps.front();
  if (!full_history_) x0 = std::max(x0, x1 - window_steps_);
  if (x1 - x0 < 10) x1 = x0 + 10;
  const std::size_t first =
      static_cast<std::size_t>(std::lower_bound(steps.begin(), steps.end(), x0) - steps.begin());
  const std::size_t end = steps.size();

  // The y range fits what is drawn boldly: the smoothed curves (the raw ones when unsmoothed).
  double lo = INFINITY, hi = -INFINITY;
  for (int s = 0; s < kSeriesCount; ++s) {
    if (!visible_[s]) continue;
    const MetricHistory::Extremes e = history_.extremes(s, smoothing_ > 0, first, end);
    if (e.min == MetricHistory::kNone) continue;
    const std::vector<float>& y = smoothing_ > 0 ? history_.smoothed(s) : history_.raw(s);
    const double top = plotted(y[e.max], log_y_);
    double bottom = plotted(y[e.min], log_y_);
    if (!std::isfinite(top)) continue;
    if (!std::isfinite(bottom)) bottom = top - 3;  // log axis, values <= 0: three decades
    lo = std::min(lo, bottom);
    hi = std::max(hi, top);
  }
  if (!(lo <= hi)) lo = 0, hi = 1;
  const double pad = std::max((hi - lo) * 0.06, 1e-3);
  AxisSpec x_axis{x0, x1, TickStyle::Count, 10};
  AxisSpec y_axis{lo - pad, hi + pad, log_y_ ? TickStyle::Log10 : TickStyle::Number, 8};

  const PlotFrame frame =
      draw_plot_frame("##loss_plot", ImGui::GetContentRegionAvail(), x_axis, y_axis);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(frame.min, frame.max, true);
  if (steps.empty()) {
    draw_empty_plot_message(draw, frame, "Waiting for the first training steps...");
  }
  draw_change_marks(frame);
  draw_curves(frame, first, end);
  draw_divergence_marks(frame);
  draw->PopClipRect();
  draw_hover(frame);
}

void LossPlot::draw_legend() {
  for (int s = 0; s < kSeriesCount; ++s) {
    const SeriesInfo& info = series_info(s);
    if (s > 0) same_line_if_fits(ImGui::GetFontSize() + ImGui::CalcTextSize(info.label).x, 16);
    ImGui::PushID(s);
    ImGui::BeginGroup();
    swatch(info.colour, visible_[s]);
    ImGui::SameLine(0, 5);
    if (visible_[s])
      ImGui::TextUnformatted(info.label);
    else
      ImGui::TextDisabled("%s", info.label);
    ImGui::EndGroup();
    // The whole group (swatch and label) toggles the series.
    if (ImGui::IsItemHovered()) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) visible_[s] = !visible_[s];
      ImGui::SetTooltip("Click to %s %s", visible_[s] ? "hide" : "show", info.label);
    }
    ImGui::PopID();
  }
}

void LossPlot::draw_view_controls() {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Smoothing");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  ImGui::SliderFloat("##smoothing", &smoothing_, 0.0f, 0.999f, "%.3f",
                     ImGuiSliderFlags_AlwaysClamp);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("EMA weight of the past (0: raw values)");
  same_line_if_fits(checkbox_width("Raw"), 14);
  ImGui::Checkbox("Raw", &show_raw_);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw the unsmoothed values faintly behind");
  same_line_if_fits(checkbox_width("Log y"), 14);
  ImGui::Checkbox("Log y", &log_y_);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A log scale keeps small values readable after a spike");
  const float window_width = ImGui::GetFontSize() * 11;
  same_line_if_fits(checkbox_width("All steps") + ImGui::GetStyle().ItemSpacing.x + window_width,
                    14);
  ImGui::Checkbox("All steps", &full_history_);
  ImGui::SameLine();
  ImGui::BeginDisabled(full_history_);
  ImGui::SetNextItemWidth(window_width);
  ImGui::SliderInt("##window", &window_steps_, 100, 200000, "last %d steps",
                   ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  ImGui::EndDisabled();
}

namespace {

// Screen points of y over rows [first, end). Where several rows share a pixel column, only
// their minimum and maximum are kept (in the order they occur): the drawn envelope is the
// same as drawing every row, at two points per column however long the history.
void build_curve(const PlotFrame& frame, const MetricHistory& history, int series, bool smoothed,
                 bool log_y, std::size_t first, std::size_t end, std::vector<ImVec2>& points,
                 std::vector<int>& breaks) {
  const std::vector<double>& x = history.steps();
  const std::vector<float>& values = smoothed ? history.smoothed(series) : history.raw(series);
  auto y = [&](std::size_t i) { return plotted(values[i], log_y); };
  points.clear();
  breaks.clear();
  const int columns = std::max(1, int(std::ceil(frame.width())));
  if (end - first <= std::size_t(2 * columns)) {
    // Few rows: every one of them, with a gap wherever a value is not finite (or not > 0 on a
    // log axis).
    for (std::size_t i = first; i < end; ++i) {
      if (std::isfinite(y(i))) {
        points.push_back(frame.to_screen(x[i], y(i)));
      } else if (!points.empty() && (breaks.empty() || breaks.back() != int(points.size()))) {
        breaks.push_back(int(points.size()));
      }
    }
    return;
  }
  // Many rows: per pixel column only the smallest and largest value, in the order they
  // occur. The envelope drawn is the same as drawing every row, at two points per column.
  std::size_t i = first;
  for (int c = 0; c < columns && i < end; ++c) {
    std::size_t j = end;
    if (c + 1 < columns) {
      const double column_end = frame.x_at(frame.min.x + float(c + 1));
      j = std::size_t(std::lower_bound(x.begin() + std::ptrdiff_t(i),
                                       x.begin() + std::ptrdiff_t(end), column_end) -
                      x.begin());
    }
    if (j > i) {
      const MetricHistory::Extremes e = history.extremes(series, smoothed, i, j);
      if (e.min != MetricHistory::kNone) {
        for (std::size_t k : {std::min(e.min, e.max), std::max(e.min, e.max)}) {
          if (std::isfinite(y(k))) points.push_back(frame.to_screen(x[k], y(k)));
          if (e.min == e.max) break;
        }
      }
    }
    i = j;
  }
}

void stroke(ImDrawList* draw, const std::vector<ImVec2>& points, const std::vector<int>& breaks,
            ImU32 colour, float thickness) {
  int start = 0;
  for (std::size_t b = 0; b <= breaks.size(); ++b) {
    const int stop = b < breaks.size() ? breaks[b] : int(points.size());
    if (stop - start >= 2)
      draw->AddPolyline(points.data() + start, stop - start, colour, ImDrawFlags_None, thickness);
    else if (stop - start == 1)
      draw->AddCircleFilled(points[start], thickness + 0.5f, colour);
    start = stop;
  }
}

}  // namespace

void LossPlot::draw_curves(const PlotFrame& frame, std::size_t first, std::size_t end) {
  const bool smoothed = smoothing_ > 0;
  double visible_mask = 0;
  for (int s = 0; s < kSeriesCount; ++s) visible_mask += visible_[s] ? (1 << s) : 0;
  const std::array<double, 12> key = {double(history_.version()),
                                      frame.x0,
                                      frame.x1,
                                      frame.y0,
                                      frame.y1,
                                      frame.min.x,
                                      frame.min.y,
                                      frame.max.x,
                                      frame.max.y,
                                      visible_mask + (log_y_ ? 1000 : 0),
                                      double(show_raw_),
                                      double(first)};
  if (key != cache_key_) {
    cache_key_ = key;
    for (int s = 0; s < kSeriesCount; ++s) {
      raw_curves_[s].points.clear();
      smooth_curves_[s].points.clear();
      if (!visible_[s]) continue;
      if (!smoothed || show_raw_)
        build_curve(frame, history_, s, false, log_y_, first, end, raw_curves_[s].points,
                    raw_curves_[s].breaks);
      if (smoothed)
        build_curve(frame, history_, s, true, log_y_, first, end, smooth_curves_[s].points,
                    smooth_curves_[s].breaks);
    }
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int s = 0; s < kSeriesCount; ++s) {
    if (!visible_[s]) continue;
    const ImU32 colour = series_info(s).colour;
    if (smoothed) {
      if (show_raw_)
        stroke(draw, raw_curves_[s].points, raw_curves_[s].breaks, palette::with_alpha(colour, 55),
               1.0f);
      stroke(draw, smooth_curves_[s].points, smooth_curves_[s].breaks, colour, 1.8f);
    } else {
      stroke(draw, raw_curves_[s].points, raw_curves_[s].breaks, colour, 1.4f);
    }
  }
}

void LossPlot::draw_change_marks(const PlotFrame& frame) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  int last_column = INT_MIN;
  for (const train::ChangeMark& mark : marks_) {
    if (mark.step < frame.x0 || mark.step > frame.x1) continue;
    const float sx = std::floor(frame.to_screen(double(mark.step), 0).x) + 0.5f;
    if (int(sx) == last_column) continue;  // a slider drag makes many marks; one line per pixel
    last_column = int(sx);
    draw_dashed_vline(draw, frame, sx, palette::kChangeMark);
    draw->AddTriangleFilled(ImVec2(sx - 4, frame.min.y), ImVec2(sx + 4, frame.min.y),
                            ImVec2(sx, frame.min.y + 6), palette::kChangeMark);
  }
}

// A solid red line where training diverged, a dashed green one at the step a rollback returns to.
void LossPlot::draw_divergence_marks(const PlotFrame& frame) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (rollback_step_ >= 0 && rollback_step_ >= frame.x0 && rollback_step_ <= frame.x1) {
    const float sx = std::floor(frame.to_screen(double(rollback_step_), 0).x) + 0.5f;
    draw_dashed_vline(draw, frame, sx, palette::kRollbackMark);
  }
  if (diverged_step_ >= 0 && diverged_step_ >= frame.x0 && diverged_step_ <= frame.x1 + 1) {
    const float sx = std::min(std::floor(frame.to_screen(double(diverged_step_), 0).x) + 0.5f,
                              frame.max.x - 1.5f);
    draw->AddLine(ImVec2(sx, frame.min.y), ImVec2(sx, frame.max.y), palette::kDivergenceMark, 2);
    const char* label = "diverged";
    const ImVec2 size = ImGui::CalcTextSize(label);
    draw->AddText(ImVec2(sx - size.x - 4, frame.min.y + 2), palette::kDivergenceMark, label);
  }
}

void LossPlot::draw_hover(const PlotFrame& frame) {
  if (!frame.hovered) return;
  const float mouse_x = ImGui::GetIO().MousePos.x;

  // Setting changes within a few pixels of the mouse.
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
  if (history_.size() == 0 && near_marks.empty() && !near_divergence && !near_rollback) return;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImGui::BeginTooltip();
  if (history_.size() > 0) {
    const std::size_t i = history_.nearest(frame.x_at(mouse_x));
    const double step = history_.steps()[i];
    const float sx = frame.to_screen(step, 0).x;
    draw->AddLine(ImVec2(sx, frame.min.y), ImVec2(sx, frame.max.y), palette::kHoverLine);
    ImGui::Text("Step %s", format_thousands(static_cast<long long>(step)).c_str());
    if (ImGui::BeginTable("##hover_values", 3, ImGuiTableFlags_SizingFixedFit)) {
      for (int s = 0; s < kSeriesCount; ++s) {
        if (!visible_[s]) continue;
        const SeriesInfo& info = series_info(s);
        const float raw = history_.raw(s)[i];
        const float smooth = history_.smoothed(s)[i];
        const float shown = smoothing_ > 0 ? smooth : raw;
        if (std::isfinite(plotted(shown, log_y_)))
          draw->AddCircleFilled(frame.to_screen(step, plotted(shown, log_y_)), 3.5f, info.colour);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        swatch(info.colour);
        ImGui::SameLine(0, 5);
        ImGui::TextUnformatted(info.label);
        ImGui::TableNextColumn();
        ImGui::Text("%.4g", shown);
        ImGui::TableNextColumn();
        if (smoothing_ > 0) ImGui::TextDisabled("raw %.4g", raw);
      }
      ImGui::EndTable();
    }
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
