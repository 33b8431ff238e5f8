// Painting a data set in the plane: a spray brush adds points (uniformly in a disc under the
// cursor, at a steady rate while the left button is held), an eraser removes those under it,
// and "Train on painted points" hands the set to the trainer (Session::set_points).
#pragma once

#include <cstddef>
#include <random>
#include <vector>

#include "app/plot_axes.h"

namespace ganscope::train {
class Session;
}

namespace ganscope::app {

class PlanePainter {
 public:
  static constexpr std::size_t kMaxPoints = 20000;

  enum class Tool { Add, Erase };

  // The paint row of the plane's toolbar: tool, brush size, density.
  void draw_tools();
  // Under the plot, right-aligned in [min, max]: how many points, Clear, and Train on them.
  void draw_actions(train::Session& session, ImVec2 min, ImVec2 max);
  // While the plot is hovered or held: paints or erases with the left button and draws the
  // brush outline. `held`: the left button went down on the plot and is still down.
  void handle_mouse(ImDrawList* draw, const PlotFrame& frame, bool hovered, bool held);
  void draw_points(ImDrawList* draw, const PlotFrame& frame) const;

  // The painted set, (x, y) pairs in data units.
  const std::vector<float>& points() const { return points_; }
  bool trained_on() const { return !points_.empty() && points_ == sent_; }

  // The brush's effect in data units; public for clarity of what the mouse does.
  void spray(double cx, double cy, double radius_x, double radius_y, int count);
  int erase(double cx, double cy, double radius_x, double radius_y);
  void clear_points() { points_.clear(); }

 private:
  Tool tool_ = Tool::Add;
  float brush_pixels_ = 22;
  float density_ = 600;  // points a second while the button is held
  double owed_ = 0;      // the fraction of a point not yet sprayed
  std::vector<float> points_;
  std::vector<float> sent_;   // what the trainer was last given
  std::mt19937 rng_{424242};  // the UI's own
};

}  // namespace ganscope::app
