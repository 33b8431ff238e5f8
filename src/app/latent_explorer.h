// Latent explorer: walk from endpoint A to endpoint B in G's latent space and watch the output
// change. G runs here, on the UI thread, from the snapshot's frozen copy of its weights, so it
// never touches the trainer's models. For 2D data it shows the path G maps the walk to.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "app/gl_texture.h"
#include "app/point_cloud.h"
#include "imgui.h"
#include "train/snapshot.h"

namespace ganscope::app {

class LatentExplorer {
 public:
  static constexpr int kStripSteps = 9;    // A, 7 points between, B
  static constexpr int kEditableDims = 8;  // sliders for the first dimensions
  static constexpr int kPathPoints = 41;   // 2D data: points along the drawn path

  // Makes fixed latent `index` of the snapshot endpoint A (or B).
  void set_endpoint(const train::Snapshot& snapshot, int index, bool endpoint_b);
  // The fixed latent each endpoint came from, or -1 (random): the sample grid outlines it.
  int endpoint_index(bool endpoint_b) const { return endpoint_b ? b_index_ : a_index_; }

  void draw(const train::Snapshot& snapshot);
  // The Export button (the walk as a GIF or a PNG strip), last frame; zero for 2D data.
  ImVec2 export_min() const { return export_min_; }
  ImVec2 export_max() const { return export_max_; }

 private:
  void follow(const train::Snapshot& snapshot);
  std::vector<float> point_at(float t) const;  // interpolated, plus the slider edits
  void regenerate(const train::Snapshot& snapshot);
  void draw_output(const train::Snapshot& snapshot, float width, float height);
  void draw_path_controls(const train::Snapshot& snapshot);
  void draw_strip(float width);
  void draw_dimension_sliders();
  void draw_class_selector(const train::Snapshot& snapshot);
  void draw_export_menu(const train::Snapshot& snapshot);

  std::vector<float> a_, b_;
  int a_index_ = -1, b_index_ = -1;
  int class_ = 0;  // a conditional G's class for the whole walk: z stays when it changes
  std::vector<float> edits_;  // added to the first kEditableDims of every point on the path
  float t_ = 0.5f;
  bool slerp_ = true;
  int latent_dim_ = 0;
  std::uint64_t run_id_ = ~0ull;
  std::mt19937 rng_{20240601};  // the UI's own: never shares a generator with the trainer

  // What was last generated, and with which copy of G.
  bool dirty_ = true;
  std::shared_ptr<const train::GeneratorCopy> generated_with_;
  double generated_at_ = -1e9;
  std::string error_;
  GlTexture current_texture_;
  GlTexture strip_texture_;
  std::vector<float> current_xy_;  // 2D data: G(current point) and G along the path
  std::vector<float> path_xy_;
  ViewBox view_;
  bool view_valid_ = false;
  ImVec2 export_min_{0, 0}, export_max_{0, 0};
};

}  // namespace ganscope::app
