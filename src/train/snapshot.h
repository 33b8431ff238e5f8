// What the trainer publishes for the UI (docs/design.md, "Threads"). Immutable once published:
// the UI holds a shared_ptr<const Snapshot> and reads it without locks.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "train/coverage_watch.h"
#include "train/generator_copy.h"
#include "train/grid_frames.h"
#include "train/hyper.h"
#include "train/metrics_row.h"  // QualityStats, ImageQualityStats

namespace ganscope::train {

// A rectangle of the 2D plane: [x0, x1] x [y0, y1].
struct PlaneRect {
  float x0 = -3, x1 = 3, y0 = -3, y1 = 3;
};

// One measurement of G's images (train/image_quality.h), at a step.
struct FcdPoint {
  std::int64_t step = 0;
  ImageQualityStats quality;
};

// Images: the training images nearest one grid sample (Session::find_nearest), a memorisation
// check: a distance of 0 is a copy of that training image.
struct NearestImages {
  int sample = -1;                   // the grid sample searched for
  std::int64_t step = 0;             // the step of its image (the snapshot it was taken from)
  int searched = 0;                  // training images compared, all of the training set
  double milliseconds = 0;           // the search's time on the trainer thread
  std::vector<std::uint8_t> query;   // the sample's pixels, rows x cols, 0..255
  std::vector<int> indices;          // in the training set, nearest first
  std::vector<float> distances;      // L2 over the pixels in 0..255
  std::vector<std::uint8_t> pixels;  // those images, one after another
  std::string status;                // why there is no answer ("" when there is one)
};

// One layer with parameters, as its network's last update left it (train/layer_stats.h).
struct LayerStat {
  std::string network;  // "G" or "D"
  int index = 0;        // its place in the network from 1: its row in layer_summaries() after
                        // the network's input row
  std::string layer;    // its describe(), as layer_summaries() names it
  // L2 norm of the gradient of the layer's parameters at its network's last update (the
  // layers' squares sum to MetricRow::grad_norm_d's or grad_norm_g's square); kNoValue before
  // the network's first update since it was built or loaded.
  float grad_norm = kNoValue;
  // The largest singular value of the weight as the layer applies it (a Linear's (out, in), a
  // Conv2d's (out, in*k*k); W / sigma under SpectralNorm, about 1), by power iteration;
  // kNoValue for layers of other kinds.
  float spectral_norm = kNoValue;
};

// What G's images are measured against, for image data (Snapshot::image).
struct ImageSnapshot {
  // The classifier Frechet distance (and the rest of ImageQualityStats) as measured so far in
  // this run, and what the meter is doing or why it cannot ("training the classifier...", a
  // missing label file).
  std::vector<FcdPoint> fcd;
  std::string fcd_status;
  std::shared_ptr<const NearestImages> nearest;  // the last search asked for (null: none)
};

// The plane as D and G see it, for 2D data (Snapshot::plane).
struct PlaneSnapshot {
  std::vector<float> real_points;   // a real batch, (x, y) pairs
  PlaneRect view;                   // the rectangle the heatmap covers (as last asked for)
  int heatmap_size = 0;             // heatmap: heatmap_size^2 values of D(x) as hyper.objective
  std::vector<float> heatmap;       // shows them (probabilities, or raw critic values), row by
                                    // row from y0 (first row) to y1, each row from x0 to x1
  std::vector<float> fake_push;     // per grid point: -dL_G/dx, where G's loss pushes it (x, y)
  int manifold_rows = 0;            // G on a regular latent grid (latent size 1 or 2): rows x
  int manifold_cols = 0;            // cols points (x, y), row after row; a polyline when rows
  std::vector<float> manifold;      // is 1. Empty for larger latents.
  std::vector<float> mode_centres;  // Gaussian-mixture data: the modes' centres (x, y pairs)
  float mode_std = 0;               // and their common std (0 when the data has no modes)
  QualityStats quality;             // measured on 2,500 samples at each snapshot
};

// One row of the model table (Trainer::layer_summaries): a layer of G or D.
struct LayerSummary {
  std::string network;  // "G" or "D"
  std::string layer;    // e.g. "Conv2d(1->64, k4, s2, p1)"; "z" or "x" for the input row
  std::string output;   // shape of one sample after the layer: "64x14x14", "256"
  std::size_t params = 0;
};

struct Snapshot {
  std::uint64_t generation = 0;  // grows by one with every publish; the UI re-uploads on change
  std::uint64_t run_id = 0;      // grows on reset and load: the UI drops what it cached
  float publish_ms = 0;          // how long the trainer thread took to build this snapshot
  std::int64_t step = 0;
  bool paused = false;
  Hyper hyper;

  // What the data is: images (channels x rows x cols) or 2D points (rows = cols = 0).
  bool images = true;
  int rows = 0;
  int cols = 0;
  int channels = 1;  // 1 grey, 3 RGB
  int image_bytes() const { return channels * rows * cols; }
  int latent_dim = 0;

  // G on the fixed latents. Images: grid_count images of image_bytes() pixels, 0..255, a
  // plane per channel (CHW, as the data keeps them).
  // Points: grid_count (x, y) pairs in grid_points.
  int grid_count = 0;
  std::vector<std::uint8_t> grid_pixels;
  std::vector<float> grid_points;
  std::vector<float> grid_scores;    // D(G(z_i)) as hyper.objective shows it, one per latent
  std::vector<float> fixed_latents;  // grid_count * latent_dim
  // A conditional GAN's classes (empty when unconditioned) and each grid sample's class.
  std::vector<std::string> class_names;
  std::vector<int> grid_labels;
  int grid_class = -1;  // Trainer::set_grid_class: -1 a row per class
  // The grid (2D: G's points) as it was every GridFrameStore::kFrameEvery steps (thinned when
  // the store is full), oldest first; shared with the trainer, never copied.
  GridFrames grid_frames;
  // The steps of the full training states kept (train/state_store.h), oldest first: where
  // Session::branch can go back to; and their bytes.
  std::vector<std::int64_t> kept_states;
  std::size_t kept_state_bytes = 0;
  // The branch the last Session::branch abandoned (null before any): its rows after the step
  // it went back to, which the loss plot draws faded under the new branch.
  struct AbandonedBranch {
    std::int64_t from_step = 0;
    std::vector<MetricRow> rows;
  };
  std::shared_ptr<const AbandonedBranch> abandoned;

  // What 2D runs carry (images == false): empty for image runs.
  PlaneSnapshot plane;
  // Stepping by hand and slow motion: the last sub-step ("D update", "G update" or "step", ""
  // when this snapshot follows none), the mean D(G(z)) on the fixed fakes before and after
  // it, and how far the fakes moved on average (plane units; images: mean |pixel change|/255).
  std::string substep;
  float substep_score_before = 0, substep_score_after = 0, substep_moved = 0;
  char half_done = 0;               // 'D' or 'G' while a step is half done, else 0
  // Whether G covers less of the data than it did (train/coverage_watch.h): the modes of the
  // recorded quality (2D), the classes of G's images at the Frechet distance's measurements.
  CoverageSign coverage;
  // What image runs carry (images == true): empty for 2D runs.
  ImageSnapshot image;

  // D's outputs on the latest real and fake batches, as the objective shows them
  // (hyper.objective->display: probabilities, or raw critic values).
  std::vector<float> d_real;
  std::vector<float> d_fake;

  // G's layers with parameters, then D's: gradient and spectral norms (the model table's).
  std::vector<LayerStat> layers;

  // G's outputs above (the grid, the plane's points, quality) and the generator copy come from
  // G's average instead of G when ema_shown (the window's "Show EMA generator").
  std::shared_ptr<const GeneratorCopy> generator;
  bool has_ema = false;    // the run keeps an average of G (ema_beta > 0)
  bool ema_shown = false;

  // Names of the model and data, for the window's title and the controls panel.
  std::string preset;
  std::string data_description;
  std::string notice;  // something the user should see (fallback data, a failed load, ...)

  // Divergence guard: set when training paused itself because a loss or gradient became
  // NaN/Inf or exploded. rollback_step is the step of the last good state kept in memory.
  bool diverged = false;
  std::string divergence;      // what happened, e.g. "loss_g is NaN at step 1234"
  std::int64_t rollback_step = -1;

  // Run health (train/run_health.h): a run broken without a NaN (D has won, G gets no
  // gradient, fakes far off with no push, images gone to noise), what is wrong and what to
  // try. Empty while the run looks healthy.
  std::string warning;

  // Autosave: where, and the step of the last successful autosave (-1: none yet).
  std::string autosave_path;
  std::int64_t autosaved_step = -1;

  // Watching a run that trains elsewhere (Session::watch): its folder ("" when this window
  // trains), its newest metrics row's step (step above is the checkpoint's, whose G the grid
  // shows), and whether settings sent to it wait to be seen in a checkpoint.
  std::string watching;
  std::int64_t watched_step = -1;
  bool watch_pending = false;
};

}  // namespace ganscope::train
