// A metric series as screen polylines: decimated to two points per pixel column however long
// the history, broken where a value cannot be drawn (NaN, or <= 0 on a log axis).
#pragma once

#include <cstddef>
#include <vector>

#include "app/metric_history.h"
#include "app/plot_axes.h"

namespace ganscope::app {

// The value as plotted: itself, or log10 of it on a log axis (where 0 and below cannot go).
double plotted(float value, bool log_y);

struct Curve {
  std::vector<ImVec2> points;
  std::vector<int> breaks;  // a new segment starts at each of these indices (after a gap)
};

// Screen points of a series over rows [first, end) of the history, raw or smoothed.
void build_curve(const PlotFrame& frame, const MetricHistory& history, int series, bool smoothed,
                 bool log_y, std::size_t first, std::size_t end, Curve& curve);

// Draws the curve's segments (a lone point as a dot).
void stroke(ImDrawList* draw, const Curve& curve, ImU32 colour, float thickness);

}  // namespace ganscope::app
