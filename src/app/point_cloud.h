// Helpers for the 2D-data views (the sample scatter, the latent explorer's path): a view box
// that fits the points and eases toward them, and drawing (x, y) pairs as dots.
#pragma once

#include <vector>

#include "app/plot_axes.h"

namespace ganscope::app {

struct ViewBox {
  double x0 = -1, x1 = 1, y0 = -1, y1 = 1;
};

// Bounds of the finite (x, y) pairs of all sets, padded by 10%, widened to `aspect`
// (width / height of the plot) so that a circle of points stays round.
ViewBox fit_points(const std::vector<const std::vector<float>*>& sets, float aspect);

// Moves view a fraction of the way toward target: the axes glide instead of jumping with every
// snapshot, but catch up within a fraction of a second.
void ease_toward(ViewBox& view, const ViewBox& target, float fraction);

void draw_points(ImDrawList* draw, const PlotFrame& frame, const std::vector<float>& xy,
                 ImU32 colour, float radius);

// Index of the pair nearest to the screen position within max_pixels, or -1.
int nearest_point(const PlotFrame& frame, const std::vector<float>& xy, ImVec2 screen,
                  float max_pixels);

}  // namespace ganscope::app
