#include "app/loss_plot.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include "app/palette.h"
#include "train/session.h"

namespace ganscope::app {

namespace {

// Continues the line when `width` more pixels fit on it, else starts a new one.
void same_line_if_fits(float width, float spacing) {
  ImGui::SameLine(0, spacing);
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

float checkbox_width(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
         ImGui::CalcTextSize(label).x;
}

float screen_x_of(const PlotFrame& frame, double step) {
  return std::floor(frame.to_screen(step, 0).x) + 0.5f;
}

}  // namespace

bool subplot_shown(const MetricHistory& history, const std::array<int, 2>& series, bool optional,
                   bool needs_first) {
  if (needs_first) return history.has_values(series[0]);
  return !optional || history.has_values(series[0]) || history.has_values(series[1]);
}

std::array<double, 2> d_output_range(double lo, double hi) {
  if (!(lo <= hi) || (lo >= 0 && hi <= 1)) return {-0.04, 1.04};
  const double pad = std::max((hi - lo) * 0.06, 1e-3);
  return {lo - pad, hi + pad};
}

// A small filled square in a series' colour, as a legend swatch, on the current line.
void legend_swatch(ImU32 colour, bool filled) {
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

void LossPlot::draw(const train::Session& session, const train::Snapshot& snapshot) {
  history_.fetch(session);
  diverged_step_ = snapshot.diverged ? snapshot.step : -1;
  divergence_ = snapshot.diverged ? snapshot.divergence : std::string();
  rollback_step_ = snapshot.diverged ? snapshot.rollback_step : -1;
  // A branch just left: its rows under the new branch's, faded, as another run's would be.
  if (snapshot.abandoned && snapshot.abandoned != abandoned_) {
    abandoned_ = snapshot.abandoned;
    set_overlay_rows(abandoned_->rows, "the branch left at step " + format_thousands(abandoned_->from_step));
  }
  // Marks change rarely; a few fetches a second keep a paused run's marks current too.
  const double now = ImGui::GetTime();
  if (history_.version() != marks_version_ || now - marks_fetched_at_ > 0.25) {
    marks_ = session.change_marks();
    marks_version_ = history_.version();
    marks_fetched_at_ = now;
  }

  draw_view_controls();
  history_.set_smoothing(smoothing_);

  const std::vector<double>& steps = history_.steps();
  double x1 = steps.empty() ? 100 : steps.back();
  double x0 = steps.empty() ? 0 : steps.front();
  if (overlay_.size() > 0) {  // both runs' steps
    x0 = steps.empty() ? overlay_.steps().front() : std::min(x0, overlay_.steps().front());
    x1 = steps.empty() ? overlay_.steps().back() : std::max(x1, overlay_.steps().back());
  }
  if (!full_history_) x0 = std::max(x0, x1 - window_steps_);
  if (x1 - x0 < 10) x1 = x0 + 10;
  x0_ = x0;
  x1_ = x1;
  overlay_.set_smoothing(smoothing_);
  const std::size_t first =
      static_cast<std::size_t>(std::lower_bound(steps.begin(), steps.end(), x0) - steps.begin());
  const std::size_t end = steps.size();

  // The plots drawn (the critic's only for the games that have its series), of equal data
  // height; only the lowest has the step labels, and all reserve the widest y labels' room so
  // that their data areas (and steps) line up.
  critic_ = snapshot.hyper.objective->display == nn::OutputDisplay::RawValue;
  shown_.clear();
  for (Subplot& plot : plots_)
    if (subplot_shown(history_, plot.series, plot.optional, plot.needs_first))
      shown_.push_back(&plot);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float title_height = ImGui::GetFrameHeight() + style.ItemSpacing.y;
  const float x_labels = ImGui::GetFontSize() + 8;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float count = float(shown_.size());
  float titles = 0;
  for (const Subplot* plot : shown_) titles += title_height * (title_fits(*plot, avail.x) ? 1 : 2);
  // At their smallest, four plots share the room of three (a critic's, on a small window).
  const float smallest = 48.0f * 3 / std::max(3.0f, count);
  const float each =
      std::max(smallest, (avail.y - x_labels - titles - count * style.ItemSpacing.y) / count);
  std::vector<AxisSpec> y_axes(shown_.size());
  float label_width = 0;
  for (std::size_t p = 0; p < shown_.size(); ++p) {
    y_axes[p] = y_axis(*shown_[p], first, end);
    label_width = std::max(label_width, y_label_width(y_axes[p], each));
  }
  const Subplot* hovered = nullptr;
  for (std::size_t p = 0; p < shown_.size(); ++p) {
    Subplot& plot = *shown_[p];
    const bool bottom = p + 1 == shown_.size();
    y_axes[p].label_width = label_width;
    AxisSpec x_axis{x0, x1, TickStyle::Count, 10};
    x_axis.labels = bottom;
    draw_title(plot);
    draw_subplot(plot, ImVec2(avail.x, each + (bottom ? x_labels : 0)), x_axis, y_axes[p], first,
                 end, p == 0);
    if (plot.frame.hovered) hovered = &plot;
  }
  if (hovered) draw_hover(*hovered);
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
  draw_overlay_controls();
}

// The critic's plot holds only a penalty when a BCE game has R1 on: then it is named so.
const char* LossPlot::shown_title(const Subplot& plot) const {
  return plot.optional && !history_.has_values(plot.series[0]) ? "Penalty" : plot.title;
}

// Whether the title, the legend and the log toggle fit on one line `width` wide.
bool LossPlot::title_fits(const Subplot& plot, float width) const {
  float needed = ImGui::CalcTextSize(shown_title(plot)).x;
  for (int s : plot.series)
    if (!plot.optional || history_.has_values(s))
      needed += 14 + ImGui::GetFontSize() * 0.7f + 5 + ImGui::CalcTextSize(series_info(s).label).x;
  if (plot.can_log) needed += 14 + checkbox_width("log y");
  return needed <= width;
}

// The plot's name (its y axis), its series as clickable legend entries, and its log toggle
// (on a line of its own when the panel is too narrow for all three).
void LossPlot::draw_title(Subplot& plot) {
  const bool one_line = title_fits(plot, ImGui::GetContentRegionAvail().x);
  ImGui::PushID(plot.title);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(shown_title(plot));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", critic_ && plot.critic_tooltip ? plot.critic_tooltip : plot.tooltip);
  for (int s : plot.series) {
    // The critic's plot lists only what the game has (R1 on a BCE game: the penalty alone).
    if (plot.optional && !history_.has_values(s)) continue;
    const SeriesInfo& info = series_info(s);
    ImGui::SameLine(0, 14);
    ImGui::PushID(s);
    ImGui::BeginGroup();
    legend_swatch(info.colour, visible_[s]);
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
      if (info.what)
        ImGui::SetTooltip("%s\n\nClick to %s it", info.what, visible_[s] ? "hide" : "show");
      else
        ImGui::SetTooltip("Click to %s %s", visible_[s] ? "hide" : "show", info.label);
    }
    ImGui::PopID();
  }
  if (plot.can_log) {
    const float width = checkbox_width("log y");
    if (one_line) ImGui::SameLine(0, 14);
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(),
                                  ImGui::GetWindowContentRegionMax().x - width));
    ImGui::Checkbox("log y", &plot.log_y);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("A log scale keeps small values readable after a spike; values <= 0 "
                        "cannot be drawn on it");
  }
  ImGui::PopID();
}

// The y range fits what is drawn boldly: the smoothed curves (the raw ones when unsmoothed).
// D's outputs keep [0, 1] while they are probabilities. On a log axis, a series with values
// <= 0 gets a note.
AxisSpec LossPlot::y_axis(Subplot& plot, std::size_t first, std::size_t end) {
  const bool log_y = plot.can_log && plot.log_y;
  plot.log_note.clear();
  double lo = INFINITY, hi = -INFINITY;
  const std::array<std::size_t, 2> shown = overlay_rows_shown();
  for (int k = 0; k < 2 * int(plot.series.size()); ++k) {
    const int s = plot.series[std::size_t(k) % plot.series.size()];
    if (!visible_[s]) continue;
    // This run's rows, then the overlay's: the axis holds both.
    const MetricHistory& h = k < int(plot.series.size()) ? history_ : overlay_;
    const bool smoothed = smoothing_ > 0;
    const MetricHistory::Extremes e = &h == &history_ ? h.extremes(s, smoothed, first, end)
                                                      : h.extremes(s, smoothed, shown[0], shown[1]);
    if (e.min == MetricHistory::kNone) continue;
    const std::vector<float>& y = smoothed ? h.smoothed(s) : h.raw(s);
    if (log_y && !(y[e.min] > 0)) {
      if (!plot.log_note.empty()) plot.log_note += ", ";
      plot.log_note += series_info(s).label;
    }
    const double top = plotted(y[e.max], log_y);
    double bottom = plotted(y[e.min], log_y);
    if (!std::isfinite(top)) continue;
    if (!std::isfinite(bottom)) bottom = top - 3;  // log axis, values <= 0: three decades
    lo = std::min(lo, bottom);
    hi = std::max(hi, top);
  }
  if (plot.unit) {
    const std::array<double, 2> range = d_output_range(lo, hi);
    return AxisSpec{range[0], range[1], TickStyle::Number, 6};
  }
  if (!plot.log_note.empty()) plot.log_note += " <= 0 here: not drawn on log y";
  if (!(lo <= hi)) lo = 0, hi = 1;
  const double pad = std::max((hi - lo) * 0.06, 1e-3);
  return AxisSpec{lo - pad, hi + pad, log_y ? TickStyle::Log10 : TickStyle::Number, 6};
}

void LossPlot::draw_subplot(Subplot& plot, ImVec2 size, const AxisSpec& x, const AxisSpec& y,
                            std::size_t first, std::size_t end, bool top) {
  plot.frame = draw_plot_frame(plot.title, size, x, y);
  const PlotFrame& frame = plot.frame;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(frame.min, frame.max, true);
  if (history_.size() == 0 && top)
    draw_empty_plot_message(draw, frame, "Waiting for the first training steps...");
  draw_change_marks(frame);
  draw_overlay_curves(plot);
  draw_curves(plot, first, end);
  draw_divergence_marks(frame, top);
  draw_alarm_marks(frame);
  if (!plot.log_note.empty()) {
    const ImVec2 at(frame.min.x + 6, frame.min.y + 4);
    const ImVec2 text = ImGui::CalcTextSize(plot.log_note.c_str());
    draw->AddRectFilled(ImVec2(at.x - 3, at.y - 1), ImVec2(at.x + text.x + 3, at.y + text.y + 1),
                        IM_COL32(10, 11, 14, 200), 3.0f);
    draw->AddText(at, ImColor(palette::notice_text()), plot.log_note.c_str());
  }
  draw->PopClipRect();
}

void LossPlot::draw_curves(Subplot& plot, std::size_t first, std::size_t end) {
  const PlotFrame& frame = plot.frame;
  const bool smoothed = smoothing_ > 0;
  const bool log_y = plot.can_log && plot.log_y;
  const double visible_mask = (visible_[plot.series[0]] ? 1 : 0) + (visible_[plot.series[1]] ? 2 : 0);
  const std::array<double, 12> key = {double(history_.version()),
                                      frame.x0,
                                      frame.x1,
                                      frame.y0,
                                      frame.y1,
                                      frame.min.x,
                                      frame.min.y,
                                      frame.max.x,
                                      frame.max.y,
                                      visible_mask + (log_y ? 4 : 0),
                                      double(show_raw_),
                                      double(first)};
  if (key != plot.cache_key) {
    plot.cache_key = key;
    for (std::size_t k = 0; k < plot.series.size(); ++k) {
      const int s = plot.series[k];
      plot.raw[k].points.clear();
      plot.smooth[k].points.clear();
      if (!visible_[s]) continue;
      if (!smoothed || show_raw_)
        build_curve(frame, history_, s, false, log_y, first, end, plot.raw[k]);
      if (smoothed) build_curve(frame, history_, s, true, log_y, first, end, plot.smooth[k]);
    }
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (std::size_t k = 0; k < plot.series.size(); ++k) {
    const int s = plot.series[k];
    if (!visible_[s]) continue;
    const ImU32 colour = series_info(s).colour;
    if (smoothed) {
      if (show_raw_) stroke(draw, plot.raw[k], palette::with_alpha(colour, 55), 1.0f);
      stroke(draw, plot.smooth[k], colour, 1.8f);
    } else {
      stroke(draw, plot.raw[k], colour, 1.4f);
    }
  }
}

void LossPlot::draw_change_marks(const PlotFrame& frame) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  int last_column = INT_MIN;
  for (const train::ChangeMark& mark : marks_) {
    if (mark.step < frame.x0 || mark.step > frame.x1) continue;
    const float sx = screen_x_of(frame, double(mark.step));
    if (int(sx) == last_column) continue;  // a slider drag makes many marks; one line per pixel
    last_column = int(sx);
    draw_dashed_vline(draw, frame, sx, palette::kChangeMark);
    draw->AddTriangleFilled(ImVec2(sx - 4, frame.min.y), ImVec2(sx + 4, frame.min.y),
                            ImVec2(sx, frame.min.y + 6), palette::kChangeMark);
  }
}

// An alarm (run_health.h) raised at a step: a solid amber line with a diamond at its top; the
// hover names it.
void LossPlot::draw_alarm_marks(const PlotFrame& frame) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const MetricHistory::Alarm& alarm : history_.alarms()) {
    if (alarm.step < frame.x0 || alarm.step > frame.x1) continue;
    const float sx = screen_x_of(frame, double(alarm.step));
    draw->AddLine(ImVec2(sx, frame.min.y), ImVec2(sx, frame.max.y), palette::kAlarmMark, 1.5f);
    const float y = frame.min.y + 5;
    draw->AddQuadFilled(ImVec2(sx, y - 5), ImVec2(sx + 5, y), ImVec2(sx, y + 5), ImVec2(sx - 5, y),
                        palette::kAlarmMark);
  }
}

// A solid red line where training diverged, a dashed green one at the step a rollback returns to.
void LossPlot::draw_divergence_marks(const PlotFrame& frame, bool label) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (rollback_step_ >= 0 && rollback_step_ >= frame.x0 && rollback_step_ <= frame.x1)
    draw_dashed_vline(draw, frame, screen_x_of(frame, double(rollback_step_)),
                      palette::kRollbackMark);
  if (diverged_step_ >= 0 && diverged_step_ >= frame.x0 && diverged_step_ <= frame.x1 + 1) {
    const float sx = std::min(screen_x_of(frame, double(diverged_step_)), frame.max.x - 1.5f);
    draw->AddLine(ImVec2(sx, frame.min.y), ImVec2(sx, frame.max.y), palette::kDivergenceMark, 2);
    if (!label) return;
    const char* text = "diverged";
    const ImVec2 size = ImGui::CalcTextSize(text);
    draw->AddText(ImVec2(sx - size.x - 4, frame.min.y + 2), palette::kDivergenceMark, text);
  }
}

}  // namespace ganscope::app
