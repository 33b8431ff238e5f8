// Loss curves as small multiples sharing the step axis: the losses, D's mean outputs D(x) and
// D(G(z)) on [0, 1], and the gradient norms (log y by default), each on its own labelled y
// axis. EMA smoothing, a window of the last N steps, marks where a setting changed, a hover
// readout. Drawn with ImDrawList (no ImPlot in Debian 12).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/metric_history.h"
#include "app/plot_axes.h"
#include "app/plot_curves.h"
#include "train/metrics_row.h"
#include "train/snapshot.h"

namespace ganscope::train {
class Session;
}

namespace ganscope::app {

// A small filled (or outlined: hidden) square in a series' colour on the current line.
void legend_swatch(ImU32 colour, bool filled = true);

class LossPlot {
 public:
  // The snapshot tells where training diverged (marked in red) and the step it can roll back to.
  void draw(const train::Session& session, const train::Snapshot& snapshot);
  // Shows the last `steps` steps (0: all of them), as the view controls do: a lesson's view.
  void show_window(int steps) {
    full_history_ = steps <= 0;
    if (steps > 0) window_steps_ = steps;
  }

 private:
  // One of the stacked plots: two series on one y axis.
  struct Subplot {
    Subplot(const char* title_, const char* tooltip_, std::array<int, 2> series_, bool can_log_,
            bool log_y_)
        : title(title_), tooltip(tooltip_), series(series_), can_log(can_log_), log_y(log_y_) {}
    const char* title;    // names the y axis
    const char* tooltip;  // what the axis shows
    std::array<int, 2> series;
    bool can_log;         // a log axis makes sense (losses, norms; not probabilities)
    bool log_y;
    // Screen polylines of the last frame, rebuilt only when the data, view or size changed.
    std::array<Curve, 2> raw, smooth;
    std::array<double, 12> cache_key{};
    PlotFrame frame;      // as drawn this frame
    std::string log_note;  // log y: which series has values <= 0 that cannot be drawn
  };

  void draw_view_controls();
  bool title_fits(const Subplot& plot, float width) const;
  void draw_title(Subplot& plot);
  AxisSpec y_axis(Subplot& plot, std::size_t first, std::size_t end);
  void draw_subplot(Subplot& plot, ImVec2 size, const AxisSpec& x, const AxisSpec& y,
                    std::size_t first, std::size_t end, bool top);
  void draw_curves(Subplot& plot, std::size_t first, std::size_t end);
  void draw_change_marks(const PlotFrame& frame);
  void draw_divergence_marks(const PlotFrame& frame, bool label);
  void draw_hover(const Subplot& hovered);

  MetricHistory history_;
  std::vector<train::ChangeMark> marks_;
  std::uint64_t marks_version_ = ~0ull;
  double marks_fetched_at_ = -1;
  // While the run is diverged: its step, what happened, and the last good step (else -1).
  std::int64_t diverged_step_ = -1;
  std::string divergence_;
  std::int64_t rollback_step_ = -1;
  std::array<bool, kSeriesCount> visible_ = {true, true, true, true, true, true};
  float smoothing_ = 0.9f;
  bool show_raw_ = true;
  bool full_history_ = true;
  int window_steps_ = 2000;

  std::array<Subplot, 3> plots_ = {{
      Subplot{"Loss", "D's BCE on a real and a fake batch, and the generator loss in use (the "
               "minimax loss log(1 - D(G(z))) is negative)",
       {kLossD, kLossG}, true, false},
      Subplot{"D output", "Mean D(x) on the real batch and mean D(G(z)) on the fake batch, as "
                   "probabilities: 0.5 is D unable to tell",
       {kDReal, kDFake}, false, false},
      Subplot{"Grad norm", "L2 norm of each network's parameter gradient at its last update",
       {kGradNormD, kGradNormG}, true, true},
  }};
};

}  // namespace ganscope::app
