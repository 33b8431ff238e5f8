#include "app/plot_curves.h"

#include <algorithm>
#include <cmath>

namespace ganscope::app {

double plotted(float value, bool log_y) {
  if (!log_y) return value;
  return value > 0 ? std::log10(double(value)) : NAN;
}

void build_curve(const PlotFrame& frame, const MetricHistory& history, int series, bool smoothed,
                 bool log_y, std::size_t first, std::size_t end, Curve& curve) {
  const std::vector<double>& x = history.steps();
  const std::vector<float>& values = smoothed ? history.smoothed(series) : history.raw(series);
  auto y = [&](std::size_t i) { return plotted(values[i], log_y); };
  std::vector<ImVec2>& points = curve.points;
  std::vector<int>& breaks = curve.breaks;
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
  // (On a log axis a column whose minimum is <= 0 keeps only its maximum.)
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

void stroke(ImDrawList* draw, const Curve& curve, ImU32 colour, float thickness) {
  const std::vector<ImVec2>& points = curve.points;
  int start = 0;
  for (std::size_t b = 0; b <= curve.breaks.size(); ++b) {
    const int stop = b < curve.breaks.size() ? curve.breaks[b] : int(points.size());
    if (stop - start >= 2)
      draw->AddPolyline(points.data() + start, stop - start, colour, ImDrawFlags_None, thickness);
    else if (stop - start == 1)
      draw->AddCircleFilled(points[start], thickness + 0.5f, colour);
    start = stop;
  }
}

}  // namespace ganscope::app
