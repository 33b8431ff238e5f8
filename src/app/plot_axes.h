// Axes shared by every plot (loss curves, D histogram, 2D scatters): round tick positions,
// readable tick labels, and a frame that maps data coordinates onto the screen.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "imgui.h"

namespace ganscope::app {

// Tick positions covering [lo, hi] at a round spacing (1, 2 or 5 x 10^k), at most max_count.
struct Ticks {
  std::vector<double> values;
  double spacing = 1;
};
Ticks nice_ticks(double lo, double hi, int max_count);
// The same for an axis that holds log10 of the values: returns log10 positions of round values.
Ticks log_ticks(double lo, double hi, int max_count);

// "950", "2.5k", "10k", "1.25M": step counts as people say them.
std::string format_count(double value);
// "12,345": an exact step number, grouped for reading.
std::string format_thousands(long long value);
// A number with as many decimals as the tick spacing needs: 0.25 with spacing 0.05 is "0.25".
std::string format_tick(double value, double spacing);

// Percent: 0.25 is "25%". Log10: the axis holds log10 of the values; -2 is labelled "0.01".
enum class TickStyle { Number, Count, Percent, Log10 };

struct AxisSpec {
  double lo = 0;
  double hi = 1;
  TickStyle style = TickStyle::Number;
  int max_ticks = 8;
  bool labels = true;        // tick labels (x: off for plots stacked above one that has them)
  float label_width = 0;     // y: at least this wide a column for the labels (aligns stacks)
};

// How wide the y axis's tick labels of a plot `height` pixels tall are: stacked plots reserve
// the widest so that their data areas line up.
float y_label_width(const AxisSpec& y, float height);

// The data area of a plot on screen and the data range it shows (y grows upwards).
struct PlotFrame {
  ImVec2 min;
  ImVec2 max;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  bool hovered = false;  // the mouse is over the data area

  ImVec2 to_screen(double x, double y) const;
  double x_at(float screen_x) const;
  double y_at(float screen_y) const;
  float width() const { return max.x - min.x; }
  float height() const { return max.y - min.y; }
};

// Takes `size` of the window's layout (as one item, so tooltips and clicks work), leaves room
// for the tick labels, draws background, grid lines, labels and border, and returns the frame.
// `underlay`, when given, draws over the background and under the grid lines (the plane's
// heatmap), with the frame known.
PlotFrame draw_plot_frame(const char* id, ImVec2 size, const AxisSpec& x, const AxisSpec& y,
                          const std::function<void(const PlotFrame&)>& underlay = {});

// A message in the middle of an empty plot ("Waiting for the first training steps...").
void draw_empty_plot_message(ImDrawList* draw, const PlotFrame& frame, const char* message);

// A vertical dashed line over the frame's height (change marks, means).
void draw_dashed_vline(ImDrawList* draw, const PlotFrame& frame, float screen_x, ImU32 colour,
                       float dash = 4.0f);

}  // namespace ganscope::app
