// Loss curves: D and G losses, mean D(x) and D(G(z)), gradient norms, against the step, with
// EMA smoothing, a window of the last N steps, marks where a setting changed, and a hover
// readout. Drawn with ImDrawList (no ImPlot in Debian 12).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/metric_history.h"
#include "app/plot_axes.h"
#include "train/metrics_row.h"
#include "train/snapshot.h"

namespace ganscope::train {
class Session;
}

namespace ganscope::app {

class LossPlot {
 public:
  // The snapshot tells where training diverged (marked in red) and the step it can roll back to.
  void draw(const train::Session& session, const train::Snapshot& snapshot);

 private:
  void draw_legend();
  void draw_view_controls();
  void draw_curves(const PlotFrame& frame, std::size_t first, std::size_t end);
  void draw_change_marks(const PlotFrame& frame);
  void draw_divergence_marks(const PlotFrame& frame);
  void draw_hover(const PlotFrame& frame);

  MetricHistory history_;
  std::vector<train::ChangeMark> marks_;
  std::uint64_t marks_version_ = ~0ull;
  double marks_fetched_at_ = -1;
  // While the run is diverged: its step, what happened, and the last good step (else -1).
  std::int64_t diverged_step_ = -1;
  std::string divergence_;
  std::int64_t rollback_step_ = -1;
  std::array<bool, kSeriesCount> visible_ = {true, true, true, true, false, false};
  float smoothing_ = 0.9f;
  bool show_raw_ = true;
  bool log_y_ = false;
  bool full_history_ = true;
  int window_steps_ = 2000;

  // Screen polylines of the last frame, rebuilt only when the data, view or size changed.
  struct Curve {
    std::vector<ImVec2> points;
    std::vector<int> breaks;  // a new segment starts at each of these indices (after a NaN)
  };
  std::array<Curve, kSeriesCount> raw_curves_;
  std::array<Curve, kSeriesCount> smooth_curves_;
  std::array<double, 12> cache_key_{};
};

}  // namespace ganscope::app
