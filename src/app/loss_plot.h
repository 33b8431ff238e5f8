// Loss curves as small multiples sharing the step axis: the losses, D's mean outputs D(x) and
// D(G(z)) (on [0, 1] while they are probabilities), the gradient norms (log y by default), and
// for the games that have them the Wasserstein estimate and the penalty term, each on its own
// labelled y axis. EMA smoothing, a window of the last N steps, marks where a setting changed,
// a hover readout. Drawn with ImDrawList (no ImPlot in Debian 12).
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

// Whether a subplot of these series is drawn: always, unless it is optional (the critic's),
// which is drawn while the history holds a value of one of them. A BCE run has none, so its
// plots stay as they were.
// needs_first: drawn only while the first series has values (the held-out plot: r_t alone is
// no reason to draw it).
bool subplot_shown(const MetricHistory& history, const std::array<int, 2>& series, bool optional,
                   bool needs_first = false);

// The y range of D's outputs: [0, 1] (padded) while the values [lo, hi] lie in it, as
// probabilities always do; a critic's raw values get their own range, padded. lo > hi: none.
std::array<double, 2> d_output_range(double lo, double hi);

class LossPlot {
 public:
  // The snapshot tells where training diverged (marked in red) and the step it can roll back to.
  void draw(const train::Session& session, const train::Snapshot& snapshot);
  // Shows the last `steps` steps (0: all of them), as the view controls do: a lesson's view.
  void show_window(int steps) {
    full_history_ = steps <= 0;
    if (steps > 0) window_steps_ = steps;
  }
  // Another run's metrics.csv (or its run folder) drawn under this run's curves, paler, on the
  // same axes: runs compared the way TensorBoard does. "" removes it. A file that cannot be
  // read leaves the last overlay and says why (overlay_error).
  void set_overlay(const std::string& path);
  // The branch a Session::branch left (Snapshot::abandoned), drawn as an overlay is, named so.
  void set_overlay_rows(const std::vector<train::MetricRow>& rows, const std::string& name);
  const std::string& overlay_path() const { return overlay_path_; }
  const std::string& overlay_error() const { return overlay_error_; }
  std::size_t overlay_rows() const { return overlay_.size(); }

 private:
  // How a subplot's y axis behaves.
  enum Flags { kCanLog = 1, kLogY = 2, kUnit = 4, kOptional = 8, kNeedsFirst = 16 };
  // One of the stacked plots: two series on one y axis.
  struct Subplot {
    Subplot(const char* title_, const char* tooltip_, const char* critic_tooltip_,
            std::array<int, 2> series_, int flags)
        : title(title_), tooltip(tooltip_), critic_tooltip(critic_tooltip_), series(series_),
          can_log(flags & kCanLog), log_y(flags & kLogY), unit(flags & kUnit),
          optional(flags & kOptional), needs_first(flags & kNeedsFirst) {}
    const char* title;           // names the y axis
    const char* tooltip;         // what the axis shows
    const char* critic_tooltip;  // the same for a game whose D is a critic (raw output)
    std::array<int, 2> series;
    bool can_log;   // a log axis makes sense (losses, norms; not probabilities)
    bool log_y;
    bool unit;      // D's outputs: [0, 1] while they are probabilities (d_output_range)
    bool optional;  // drawn only while the history has its series (subplot_shown)
    bool needs_first;
    // Screen polylines of the last frame, rebuilt only when the data, view or size changed.
    std::array<Curve, 2> raw, smooth;
    std::array<double, 12> cache_key{};
    std::array<Curve, 2> overlay;  // the overlaid run's, smoothed as this run's
    std::array<double, 12> overlay_key{};
    PlotFrame frame;      // as drawn this frame
    std::string log_note;  // log y: which series has values <= 0 that cannot be drawn
  };

  void draw_view_controls();
  void draw_overlay_controls();
  void draw_overlay_curves(Subplot& plot);
  // Rows [first, end) of the overlay within the steps shown.
  std::array<std::size_t, 2> overlay_rows_shown() const;
  const char* shown_title(const Subplot& plot) const;
  bool title_fits(const Subplot& plot, float width) const;
  void draw_title(Subplot& plot);
  AxisSpec y_axis(Subplot& plot, std::size_t first, std::size_t end);
  void draw_subplot(Subplot& plot, ImVec2 size, const AxisSpec& x, const AxisSpec& y,
                    std::size_t first, std::size_t end, bool top);
  void draw_curves(Subplot& plot, std::size_t first, std::size_t end);
  void draw_change_marks(const PlotFrame& frame);
  void draw_divergence_marks(const PlotFrame& frame, bool label);
  void draw_alarm_marks(const PlotFrame& frame);
  void draw_hover(const Subplot& hovered);

  MetricHistory history_;
  MetricHistory overlay_;
  std::shared_ptr<const train::Snapshot::AbandonedBranch> abandoned_;  // the last one overlaid
  std::string overlay_path_, overlay_name_, overlay_error_;
  char overlay_input_[1024] = "";
  double x0_ = 0, x1_ = 1;  // the steps shown this frame
  std::vector<train::ChangeMark> marks_;
  std::uint64_t marks_version_ = ~0ull;
  double marks_fetched_at_ = -1;
  // While the run is diverged: its step, what happened, and the last good step (else -1).
  std::int64_t diverged_step_ = -1;
  std::string divergence_;
  std::int64_t rollback_step_ = -1;
  std::array<bool, kSeriesCount> visible_ = {true, true, true, true, true,
                                             true, true, true, true, true};
  bool critic_ = false;            // the game in use shows D's raw output (not a probability)
  std::vector<Subplot*> shown_;    // the subplots drawn this frame, top to bottom
  float smoothing_ = 0.9f;
  bool show_raw_ = true;
  bool full_history_ = true;
  int window_steps_ = 2000;

  std::array<Subplot, 5> plots_ = {{
      Subplot{"Loss", "D's BCE on a real and a fake batch, and the generator loss in use (the "
               "minimax loss log(1 - D(G(z))) is negative)",
       "D's loss under the objective in use (with its penalty term when one is on), and G's",
       {kLossD, kLossG}, kCanLog},
      Subplot{"D output", "Mean D(x) on the real batch and mean D(G(z)) on the fake batch, as "
                   "probabilities: 0.5 is D unable to tell",
       "Mean critic value D(x) on the real batch and D(G(z)) on the fake batch: raw scores, "
       "not probabilities, on an axis fitted to them. Their gap matters, not their level",
       {kDReal, kDFake}, kUnit},
      Subplot{"Grad norm", "L2 norm of each network's parameter gradient at its last update",
       nullptr, {kGradNormD, kGradNormG}, kCanLog | kLogY},
      Subplot{"Critic", "The Wasserstein estimate E[D(x)] - E[D(G(z))] (Wasserstein games) and "
                 "the gradient penalties' term of D's loss (when a penalty is on)",
       nullptr, {kWasserstein, kPenalty}, kOptional},
      Subplot{"Held out", "D's overfitting: its mean score on training images minus its mean on "
                   "real images it never trains on (the gap), and r_t = E[sign D(x)]",
       nullptr, {kHeldoutGap, kRt}, kOptional | kNeedsFirst},
  }};
};

}  // namespace ganscope::app
