#include "app/point_cloud.h"

#include <algorithm>
#include <cmath>

namespace ganscope::app {

ViewBox fit_points(const std::vector<const std::vector<float>*>& sets, float aspect) {
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (const std::vector<float>* xy : sets) {
    for (std::size_t i = 0; i + 1 < xy->size(); i += 2) {
      const float x = (*xy)[i], y = (*xy)[i + 1];
      if (!std::isfinite(x) || !std::isfinite(y)) continue;
      x0 = std::min(x0, double(x));
      x1 = std::max(x1, double(x));
      y0 = std::min(y0, double(y));
      y1 = std::max(y1, double(y));
    }
  }
  if (!(x0 <= x1)) return ViewBox{};
  const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  double half_x = std::max((x1 - x0) / 2 * 1.1, 1e-3);
  double half_y = std::max((y1 - y0) / 2 * 1.1, 1e-3);
  aspect = std::max(aspect, 0.1f);
  if (half_x / half_y < aspect)
    half_x = half_y * aspect;
  else
    half_y = half_x / aspect;
  return ViewBox{cx - half_x, cx + half_x, cy - half_y, cy + half_y};
}

void ease_toward(ViewBox& view, const ViewBox& target, float fraction) {
  view.x0 += (target.x0 - view.x0) * fraction;
  view.x1 += (target.x1 - view.x1) * fraction;
  view.y0 += (target.y0 - view.y0) * fraction;
  view.y1 += (target.y1 - view.y1) * fraction;
}

void draw_points(ImDrawList* draw, const PlotFrame& frame, const std::vector<float>& xy,
                 ImU32 colour, float radius) {
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
    if (!std::isfinite(xy[i]) || !std::isfinite(xy[i + 1])) continue;
    draw->AddCircleFilled(frame.to_screen(xy[i], xy[i + 1]), radius, colour, 8);
  }
}

int nearest_point(const PlotFrame& frame, const std::vector<float>& xy, ImVec2 screen,
                  float max_pixels) {
  int best = -1;
  float best_distance = max_pixels * max_pixels;
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
    const ImVec2 p = frame.to_screen(xy[i], xy[i + 1]);
    const float dx = p.x - screen.x, dy = p.y - screen.y;
    if (dx * dx + dy * dy <= best_distance) {
      best_distance = dx * dx + dy * dy;
      best = int(i / 2);
    }
  }
  return best;
}

}  // namespace ganscope::app
