// The plane (2D data): one zoomable, pannable plot of what D and G do, in place of the sample
// grid. Layers, each with a toggle: D(x) as a heatmap (HeatmapRenderer, our own shader), the
// real batch, G on the fixed latents, the push of G's loss on each fake (arrows), G's image of
// a regular latent grid (the manifold), and the data's modes. A Paint mode sprays a data set
// of one's own (PlanePainter) and trains on it.
//
// The heatmap covers the rectangle the trainer last evaluated (snapshot.view); the view the
// user zooms and pans to goes to the trainer (Session::set_plane_view) at most 20 times a
// second, and the next snapshot brings D over it.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "app/heatmap_renderer.h"
#include "app/heatmap_scale.h"
#include "app/plane_paint.h"
#include "app/plot_axes.h"
#include "app/sample_grid.h"
#include "train/snapshot.h"

namespace ganscope::train {
class Session;
}

namespace ganscope::app {

class PlaneView {
 public:
  // endpoint_a / endpoint_b: fakes to mark as the latent explorer's endpoints (-1: none).
  // Returns a fake the user clicked (left: endpoint A, right: endpoint B).
  GridPick draw(train::Session& session, const train::Snapshot& snapshot, int endpoint_a,
                int endpoint_b);

  // For --screenshot's report: where the plot was drawn (screen coordinates), how often the
  // heatmap was uploaded, the generations seen, and how many views went to the trainer.
  ImVec2 plot_min() const { return plot_min_; }
  ImVec2 plot_max() const { return plot_max_; }
  ImVec2 export_min() const { return export_min_; }  // the Timelapse GIF button, last frame
  ImVec2 export_max() const { return export_max_; }
  ImVec2 time_min() const { return time_min_; }  // the time slider, last frame
  ImVec2 time_max() const { return time_max_; }
  std::int64_t past_step() const { return past_step_; }
  std::int64_t shown_past_step() const { return shown_past_step_; }  // the frame drawn; -1: live
  const BranchButton& branch_button() const { return branch_; }
  int heatmap_uploads() const { return heatmap_.uploads(); }
  int generations_seen() const { return generations_seen_; }
  int views_sent() const { return views_sent_; }

 private:
  enum class Mode { View, Paint };

  void follow(const train::Snapshot& snapshot);
  void fit(const train::Snapshot& snapshot, bool with_fakes);
  void auto_arrow_scale(const train::Snapshot& snapshot);
  void draw_toolbar(const train::Snapshot& snapshot);
  void draw_layers(ImDrawList* draw, const PlotFrame& frame, const train::Snapshot& snapshot,
                   int endpoint_a, int endpoint_b) const;
  void draw_arrows(ImDrawList* draw, const PlotFrame& frame, const train::Snapshot& snapshot) const;
  void draw_manifold(ImDrawList* draw, const PlotFrame& frame,
                     const train::Snapshot& snapshot) const;
  GridPick handle_mouse(ImDrawList* draw, const PlotFrame& frame, const train::Snapshot& snapshot);
  void draw_caption(ImDrawList* draw, const PlotFrame& frame, const train::Snapshot& snapshot);
  void draw_footer(train::Session& session, const train::Snapshot& snapshot);
  void draw_scale_labels(ImDrawList* draw, ImVec2 bar_min, ImVec2 bar_max,
                         const train::Snapshot& snapshot) const;
  static float footer_height();
  void send_view(train::Session& session, const PlotFrame& frame);

  Mode mode_ = Mode::View;
  bool show_heatmap_ = true;
  bool show_real_ = true;
  bool show_fake_ = true;
  bool show_arrows_ = true;
  bool show_manifold_ = true;
  bool show_modes_ = true;
  float arrow_scale_ = 0;   // screen pixels per unit of push (before compression); 0: not set
  bool arrow_auto_ = true;  // the scale follows the pushes' median
  bool arrow_log_ = true;   // long arrows grow as a log: large pushes stay on screen

  // The view: centre and half height in data units; the half width follows the plot's aspect
  // ratio so that a unit is as long across as up.
  bool view_valid_ = false;
  double centre_x_ = 0, centre_y_ = 0, half_height_ = 3;
  float aspect_ = 1;      // the plot's width / height, as drawn last frame
  int pan_button_ = -1;   // the button dragging the view, or -1
  float pan_travel_ = 0;  // pixels moved since that button went down
  int press_point_ = -1;  // the fake under the cursor when the right button went down

  train::PlaneRect sent_;
  bool sent_valid_ = false;
  double sent_at_ = -1e9;
  int views_sent_ = 0;

  HeatmapRenderer heatmap_;
  HeatmapScale scale_;  // how the heatmap's values map to colours (follows each snapshot)
  std::uint64_t last_generation_ = ~0ull;
  int generations_seen_ = 0;
  PlanePainter painter_;
  ImVec2 plot_min_{0, 0};
  ImVec2 plot_max_{0, 0};
  ImVec2 export_min_{0, 0}, export_max_{0, 0};
  std::int64_t past_step_ = -1;  // the time slider's step; -1: live
  ImVec2 time_min_{0, 0}, time_max_{0, 0};
  BranchButton branch_;
  std::int64_t shown_past_step_ = -1;
  train::Snapshot past_view_;     // the snapshot with G's points of that step, while one is chosen
  std::pair<std::uint64_t, std::int64_t> past_view_key_{~0ull, -1};  // its generation and frame step
  double mouse_x_ = 0, mouse_y_ = 0;  // the data point under the cursor, when hovered
  bool mouse_in_plot_ = false;
};

}  // namespace ganscope::app
