// Samples: G on the fixed latents, as one grid texture re-uploaded only when the snapshot's
// generation moves (2D data has the plane, PlaneView, instead), or a kept frame of the past
// that the time slider chose (issue 14, "Rewind"). Hovering a cell enlarges it
// with D's score; clicking picks it as an endpoint of the latent explorer; double-clicking
// opens its history (app/sample_history.h).
#pragma once

#include <cstdint>
#include <vector>

#include "app/gl_texture.h"
#include "app/widgets.h"
#include "imgui.h"
#include "train/snapshot.h"

namespace ganscope::train {
class Session;
}

namespace ganscope::app {

// A click on a sample: which fixed latent, and whether it was the right button (endpoint B).
struct GridPick {
  int index = -1;
  bool endpoint_b = false;
  bool open_history = false;  // a double click: show the sample's history too
};

class SampleGrid {
 public:
  // endpoint_a / endpoint_b: samples to outline as the explorer's endpoints (-1: none).
  // session: where the class selector of a conditional GAN's grid sends its choice.
  GridPick draw(train::Session& session, const train::Snapshot& snapshot, int endpoint_a, int endpoint_b);

  // Where the grid (or scatter) was drawn last frame, in ImGui's screen coordinates.
  ImVec2 grid_min() const { return grid_min_; }
  ImVec2 grid_max() const { return grid_max_; }
  int uploads() const { return texture_.uploads(); }
  int generations_seen() const { return generations_seen_; }
  // The Rows combo of a conditional grid, last frame (screen coordinates; zero when not drawn),
  // and the height of one of its popup's lines: where a test clicks.
  ImVec2 class_combo_min() const { return class_combo_min_; }
  ImVec2 class_combo_max() const { return class_combo_max_; }
  // The time slider (the kept frames, then live), last frame, and the step the grid shows.
  ImVec2 time_min() const { return time_min_; }
  ImVec2 time_max() const { return time_max_; }
  std::int64_t shown_step() const { return shown_step_; }
  const BranchButton& branch_button() const { return branch_; }
  std::int64_t past_step() const { return past_step_; }  // the time slider's; -1: live
  // The Export button (a menu: timelapse GIF, grid PNG), last frame.
  ImVec2 export_min() const { return export_min_; }
  ImVec2 export_max() const { return export_max_; }

 private:
  void upload(const train::Snapshot& snapshot, const std::vector<std::uint8_t>& pixels);
  void draw_time_slider(const train::Snapshot& snapshot);
  GridPick draw_images(const train::Snapshot& snapshot, int endpoint_a, int endpoint_b);
  void draw_class_rows(train::Session& session, const train::Snapshot& snapshot);

  GlTexture texture_;
  std::uint64_t last_generation_ = ~0ull;
  int generations_seen_ = 0;
  int cells_x_ = 0;  // grid shape in the texture, in samples
  int cells_y_ = 0;
  int cell_cols_ = 0;  // one sample's size in texels
  int cell_rows_ = 0;
  bool show_scores_ = true;
  static constexpr double kDoubleClickSeconds = 0.5;
  int last_click_cell_ = -1;  // the cell of the last left click, and when (ImGui::GetTime)
  double last_click_time_ = 0;
  ImVec2 class_combo_min_{0, 0}, class_combo_max_{0, 0};
  ImVec2 export_min_{0, 0}, export_max_{0, 0};
  ImVec2 time_min_{0, 0}, time_max_{0, 0};
  BranchButton branch_;
  std::int64_t past_step_ = -1;  // the time slider's step; -1: live
  std::int64_t shown_step_ = 0;
  // What the texture holds: a kept frame's step, or -1 the live grid, of which run.
  std::int64_t uploaded_step_ = -2;
  std::uint64_t uploaded_run_ = ~0ull;
  const std::vector<float>* shown_scores_ = nullptr;
  ImVec2 grid_min_{0, 0};
  ImVec2 grid_max_{0, 0};
};

}  // namespace ganscope::app
