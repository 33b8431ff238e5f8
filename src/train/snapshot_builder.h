// Building the window's Snapshot (train/snapshot.h) from a Trainer, on the thread that owns it,
// with the Trainer's public calls alone: grid_frame, generate, generate_at, discriminate,
// generator_push, measure_quality, layer_stats, copy_generator (docs/design.md, "Threads").
// What the Session adds (generation, run id, frames, notices) it leaves alone.
#pragma once

#include <cstdint>

#include "train/snapshot.h"

namespace ganscope::train {

class Trainer;

class SnapshotBuilder {
 public:
  // 64 x 64 keeps a snapshot of the ring preset near 5 ms (D on 4,096 points); the UI
  // filters the float texture bilinearly, and D's surface is smooth at that scale.
  static constexpr int kHeatmapSize = 64;

  // 2D data: the rectangle over which D's heatmap is drawn (the window's zoom and pan).
  void set_plane_view(const PlaneRect& view) { view_ = view; }
  void fill(Trainer& trainer, Snapshot& s);
  // 2D: whether the last fill measured precision and recall too, at the trainer's step. The
  // window's snapshots (ten a second) measure them at most every Trainer::kQualityEvery steps
  // and show the last values in between, as metrics.csv does: they are the costly part.
  bool quality_is_fresh(const Trainer& trainer) const;

 private:
  void fill_plane(Trainer& trainer, Snapshot& s);
  PlaneRect view_;
  std::int64_t precision_recall_step_ = -1;
  QualityStats precision_recall_;
};

// One snapshot from a builder of its own (precision and recall measured), for headless
// commands and tests.
void fill_snapshot(Trainer& trainer, Snapshot& s, const PlaneRect& view = {});

}  // namespace ganscope::train
