#include "app/plot_axes.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/palette.h"

namespace ganscope::app {

Ticks nice_ticks(double lo, double hi, int max_count) {
  Ticks ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo <= 0) hi = lo + 1;
  max_count = std::max(max_count, 2);
  // The smallest spacing 1, 2 or 5 x 10^k that puts at most max_count ticks in the range.
  const double magnitude = std::pow(10.0, std::floor(std::log10((hi - lo) / max_count)));
  const double factors[] = {1, 2, 5, 10, 20, 50, 100};
  for (double factor : factors) {
    ticks.spacing = factor * magnitude;
    const double count =
        std::floor(hi / ticks.spacing + 1e-9) - std::ceil(lo / ticks.spacing - 1e-9) + 1;
    if (count <= max_count) break;
  }
  const double first = std::ceil(lo / ticks.spacing - 1e-9) * ticks.spacing;
  for (int i = 0; i <= max_count; ++i) {
    double v = first + i * ticks.spacing;
    if (v > hi + ticks.spacing * 1e-9) break;
    if (std::fabs(v) < ticks.spacing * 1e-9) v = 0;  // no "-0" or "1e-17"
    ticks.values.push_back(v);
  }
  return ticks;
}

namespace {

// Drops each tick closer than half of one label's share of the axis to the one kept before it:
// linear steps bunch up at the top of a log axis (10, 20, 30 sit at 1, 1.30, 1.48).
std::vector<double> spread_out(const std::vector<double>& values, double lo, double hi,
                               int max_count) {
  const double min_gap = (hi - lo) / (2.0 * max_count);
  std::vector<double> kept;
  for (double v : values)
    if (kept.empty() || v - kept.back() >= min_gap - 1e-12) kept.push_back(v);
  return kept;
}

}  // namespace

Ticks log_ticks(double lo, double hi, int max_count) {
  // Round values at their log10 positions: m x 10^k for the first set of mantissas m that
  // gives 2 to max_count ticks (1, 2, 5; then 1, 3; then the powers of ten alone; then 2 or 5
  // x 10^k, for a range of one or two decades); every few powers of ten when even those are too
  // many; within a decade or less, round values of a linear axis.
  Ticks ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi) || hi <= lo) return ticks;
  max_count = std::max(max_count, 2);
  const auto fits = [&](const std::vector<double>& v) {
    return v.size() >= 2 && int(v.size()) <= max_count;
  };
  for (const std::vector<double>& mantissas :
       {std::vector<double>{1, 2, 5}, {1, 3}, {1}, {2}, {5}}) {
    ticks.values.clear();
    for (double k = std::floor(lo); k <= std::ceil(hi); ++k)
      for (double m : mantissas) {
        const double v = k + std::log10(m);
        if (v >= lo - 1e-9 && v <= hi + 1e-9) ticks.values.push_back(v);
      }
    ticks.values = spread_out(ticks.values, lo, hi, max_count);
    if (fits(ticks.values)) return ticks;
  }
  const double first = std::ceil(lo - 1e-9), last = std::floor(hi + 1e-9);
  if (last - first >= 1) {
    // Every step-th power of ten from the lowest, the step the smallest that leaves at most
    // max_count (so the lowest and highest stay).
    const double step = std::ceil((last - first) / (max_count - 1));
    ticks.values.clear();
    for (double v = first; v <= last + 1e-9; v += step) ticks.values.push_back(v);
    return ticks;
  }
  // A decade or less: a linear axis's round values, finer until two of them stand apart.
  for (int count = max_count; count <= 4 * max_count; ++count) {
    const Ticks linear = nice_ticks(std::pow(10.0, lo), std::pow(10.0, hi), count);
    ticks.values.clear();
    for (double v : linear.values)
      if (v > 0) ticks.values.push_back(std::log10(v));
    ticks.values = spread_out(ticks.values, lo, hi, max_count);
    if (ticks.values.size() >= 2) break;
  }
  return ticks;
}

namespace {

// "%.2f" without trailing zeros: 2.50 -> "2.5", 10.00 -> "10".
std::string trimmed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  std::string s = text;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

}  // namespace

std::string format_count(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude < 1e3) return trimmed(value, 0);
  if (magnitude < 1e6) return trimmed(value / 1e3, 2) + "k";
  if (magnitude < 1e9) return trimmed(value / 1e6, 2) + "M";
  return trimmed(value / 1e9, 2) + "G";
}

std::string format_thousands(long long value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  for (int i = int(digits.size()) - 3; i > 0; i -= 3) digits.insert(std::size_t(i), ",");
  return value < 0 ? "-" + digits : digits;
}

std::string format_tick(double value, double spacing) {
  if (value == 0) return "0";
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e5 || magnitude < 1e-4 || spacing < 1e-4) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2g", value);
    return text;
  }
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(spacing) + 1e-9)));
  return trimmed(value, decimals);
}

ImVec2 PlotFrame::to_screen(double x, double y) const {
  const double fx = (x - x0) / (x1 - x0);
  const double fy = (y - y0) / (y1 - y0);
  return ImVec2(static_cast<float>(min.x + fx * (max.x - min.x)),
                static_cast<float>(max.y - fy * (max.y - min.y)));
}

double PlotFrame::x_at(float screen_x) const {
  return x0 + (screen_x - min.x) / std::max(1.0f, width()) * (x1 - x0);
}

double PlotFrame::y_at(float screen_y) const {
  return y0 + (max.y - screen_y) / std::max(1.0f, height()) * (y1 - y0);
}

namespace {

std::string tick_label(double value, const Ticks& ticks, TickStyle style) {
  switch (style) {
    case TickStyle::Count:
      return format_count(value);
    case TickStyle::Percent:
      return format_tick(value * 100, ticks.spacing * 100) + "%";
    case TickStyle::Log10: {
      char text[32];
      std::snprintf(text, sizeof text, "%.3g", std::pow(10.0, value));
      return text;
    }
    case TickStyle::Number:
      break;
  }
  return format_tick(value, ticks.spacing);
}

// The fewer pixels, the fewer ticks: about one y label per 40 px.
Ticks y_axis_ticks(const AxisSpec& y, float height) {
  const int count = std::clamp(int(height / 40), 2, y.max_ticks);
  return y.style == TickStyle::Log10 ? log_ticks(y.lo, y.hi, count) : nice_ticks(y.lo, y.hi, count);
}

}  // namespace

float y_label_width(const AxisSpec& y, float height) {
  const Ticks ticks = y_axis_ticks(y, std::max(height, 40.0f));
  float width = 0;
  for (double v : ticks.values)
    width = std::max(width, ImGui::CalcTextSize(tick_label(v, ticks, y.style).c_str()).x);
  return width;
}

PlotFrame draw_plot_frame(const char* id, ImVec2 size, const AxisSpec& x, const AxisSpec& y,
                          const std::function<void(const PlotFrame&)>& underlay) {
  size.x = std::max(size.x, 40.0f);
  size.y = std::max(size.y, 40.0f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  const bool item_hovered = ImGui::IsItemHovered();

  const float font = ImGui::GetFontSize();
  const float tick_length = 4.0f;
  const Ticks y_ticks = y_axis_ticks(y, size.y);
  const float label_width = std::max(y.label_width, y_label_width(y, size.y));
  const float x_label_room = x.labels ? font + tick_length + 4 : 3;

  PlotFrame frame;
  frame.min = ImVec2(origin.x + label_width + tick_length + 6, origin.y + font * 0.5f);
  frame.max = ImVec2(origin.x + size.x - 10, origin.y + size.y - x_label_room);
  frame.x0 = x.lo;
  frame.x1 = x.hi > x.lo ? x.hi : x.lo + 1;
  frame.y0 = y.lo;
  frame.y1 = y.hi > y.lo ? y.hi : y.lo + 1;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  frame.hovered = item_hovered && mouse.x >= frame.min.x && mouse.x <= frame.max.x &&
                  mouse.y >= frame.min.y && mouse.y <= frame.max.y;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(frame.min, frame.max, palette::kPlotBackground);
  if (underlay) underlay(frame);

  for (double v : y_ticks.values) {
    const float sy = frame.to_screen(0, v).y;
    if (sy < frame.min.y - 0.5f || sy > frame.max.y + 0.5f) continue;
    draw->AddLine(ImVec2(frame.min.x, sy), ImVec2(frame.max.x, sy), palette::kGridLine);
    draw->AddLine(ImVec2(frame.min.x - tick_length, sy), ImVec2(frame.min.x, sy),
                  palette::kPlotBorder);
    const std::string label = tick_label(v, y_ticks, y.style);
    const ImVec2 text = ImGui::CalcTextSize(label.c_str());
    draw->AddText(ImVec2(frame.min.x - tick_length - 3 - text.x, sy - text.y * 0.5f),
                  palette::kTickLabel, label.c_str());
  }

  const Ticks x_ticks =
      nice_ticks(frame.x0, frame.x1, std::clamp(int(frame.width() / 80), 2, x.max_ticks));
  for (double v : x_ticks.values) {
    const float sx = frame.to_screen(v, 0).x;
    if (sx < frame.min.x - 0.5f || sx > frame.max.x + 0.5f) continue;
    draw->AddLine(ImVec2(sx, frame.min.y), ImVec2(sx, frame.max.y), palette::kGridLine);
    if (!x.labels) continue;
    draw->AddLine(ImVec2(sx, frame.max.y), ImVec2(sx, frame.max.y + tick_length),
                  palette::kPlotBorder);
    const std::string label = tick_label(v, x_ticks, x.style);
    const ImVec2 text = ImGui::CalcTextSize(label.c_str());
    // Keep the first and last labels inside the widget.
    const float left = std::clamp(sx - text.x * 0.5f, origin.x, origin.x + size.x - text.x);
    draw->AddText(ImVec2(left, frame.max.y + tick_length + 2), palette::kTickLabel, label.c_str());
  }

  draw->AddRect(frame.min, frame.max, palette::kPlotBorder);
  return frame;
}

void draw_dashed_vline(ImDrawList* draw, const PlotFrame& frame, float screen_x, ImU32 colour,
                       float dash) {
  for (float y = frame.min.y; y < frame.max.y; y += 2 * dash)
    draw->AddLine(ImVec2(screen_x, y), ImVec2(screen_x, std::min(y + dash, frame.max.y)), colour);
}

void draw_empty_plot_message(ImDrawList* draw, const PlotFrame& frame, const char* message) {
  const ImVec2 text = ImGui::CalcTextSize(message);
  draw->AddText(ImVec2((frame.min.x + frame.max.x - text.x) * 0.5f,
                       (frame.min.y + frame.max.y - text.y) * 0.5f),
                palette::kTickLabel, message);
}

}  // namespace ganscope::app
