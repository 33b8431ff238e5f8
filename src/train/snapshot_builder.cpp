#include "train/snapshot_builder.h"

#include <algorithm>

#include "data/dataset.h"
#include "train/trainer.h"

namespace ganscope::train {

namespace {

// The data's first n examples, one after another.
std::vector<float> first_examples(const data::Dataset& data, int n) {
  std::vector<int> idx(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) idx[std::size_t(i)] = i;
  std::vector<float> x(std::size_t(n) * std::size_t(data.dim()));
  if (n > 0) data.gather(idx.data(), n, x.data());
  return x;
}

}  // namespace

void fill_snapshot(Trainer& trainer, Snapshot& s, const PlaneRect& view) {
  SnapshotBuilder builder;
  builder.set_plane_view(view);
  builder.fill(trainer, s);
}

bool SnapshotBuilder::quality_is_fresh(const Trainer& trainer) const {
  return precision_recall_step_ == trainer.steps();
}

void SnapshotBuilder::fill(Trainer& t, Snapshot& s) {
  const Config& cfg = t.config();
  const data::Dataset* data = t.dataset();
  s.step = t.steps();
  s.hyper = t.hyper();
  s.has_ema = t.has_ema();
  s.ema_shown = t.using_ema();
  s.images = data ? data->images() : t.output_dim() != 2;
  // Without data (a window watching a run whose images are elsewhere): the shape it was built
  // with, {channels, rows, cols}, so that the grid still shows G's images.
  const SampleShape& shape = t.sample_shape();
  const bool shaped = !data && shape.size() == 3;
  s.rows = data ? data->rows() : shaped ? shape[1] : 0;
  s.cols = data ? data->cols() : shaped ? shape[2] : 0;
  s.channels = data && data->images() ? data->channels() : shaped ? shape[0] : 1;
  s.latent_dim = cfg.latent_dim;
  s.grid_count = cfg.grid;
  GridFrame frame = t.grid_frame();
  s.grid_pixels = std::move(frame.pixels);
  s.grid_points = std::move(frame.points);
  s.grid_scores = std::move(frame.scores);
  s.d_real = std::move(frame.d_real);  // D on the last training batches, as the histograms show them
  s.d_fake = std::move(frame.d_fake);
  s.fixed_latents = t.grid_latents();
  s.class_names = t.class_names();
  s.grid_labels = t.grid_sample_labels();
  s.grid_class = t.grid_class();
  if (!s.images) fill_plane(t, s);
  if (s.d_real.empty()) {
    // No step of this trainer yet (a checkpoint just opened, a run watched from elsewhere): D
    // on the grid's fakes and on as many of the data's first examples, so the histograms show
    // D as it is (dcgan: 64 images, 0.8 GFLOP, once a snapshot while no step has run).
    s.d_fake = s.grid_scores;
    const int n = data && t.classes() == 0 ? std::min(data->size(), cfg.grid) : 0;
    if (n > 0) s.d_real = t.discriminate(first_examples(*data, n).data(), n);
  }
  s.layers = t.layer_stats();
  s.generator = t.copy_generator();
  s.preset = cfg.name;
  s.data_description = data ? data->describe() : cfg.data;
}

// What the 2D view draws: D over the plane, where G's loss pushes each fake point, the image
// of a regular latent grid under G (the generator's manifold), the data and its quality.
void SnapshotBuilder::fill_plane(Trainer& t, Snapshot& s) {
  const Config& cfg = t.config();
  // The first points of the set are already a random sample of it.
  if (const data::Dataset* data = t.dataset()) s.plane.real_points = first_examples(*data, std::min(data->size(), 512));
  s.coverage = t.mode_coverage();

  // D(x) on a kHeatmapSize^2 lattice of cell centres over the view, one batched forward, as
  // the game shows it: a probability for the BCE games, a critic's raw score for the others,
  // which the window centres between the critic's real and fake means (app/heatmap_scale.h).
  const int n = kHeatmapSize;
  s.plane.view = view_;
  s.plane.heatmap_size = n;
  std::vector<float> lattice(std::size_t(2) * n * n);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      lattice[std::size_t(2 * (r * n + c))] = view_.x0 + (view_.x1 - view_.x0) * (c + 0.5f) / n;
      lattice[std::size_t(2 * (r * n + c) + 1)] = view_.y0 + (view_.y1 - view_.y0) * (r + 0.5f) / n;
    }
  s.plane.heatmap = t.discriminate(lattice.data(), n * n);
  s.plane.fake_push = t.generator_push(s.grid_points.data(), cfg.grid);

  // The manifold: for a 1D latent a polyline over [-3, 3] (or [-1, 1] for uniform latents),
  // otherwise a 24 x 24 mesh over the plane of the first two latent coordinates. For more than
  // two, the others stay at 0 (the latent's mean): a slice through G's input, which shows how
  // G folds and tears one plane of it, not the whole picture.
  s.plane.manifold.clear();
  s.plane.manifold_rows = s.plane.manifold_cols = 0;
  if (t.classes() == 0) {
    const float lim = cfg.latent == "uniform" ? 1.0f : 3.0f;
    const int cols = cfg.latent_dim == 1 ? 128 : 24, rows = cfg.latent_dim == 1 ? 1 : 24;
    std::vector<float> z(std::size_t(cfg.latent_dim) * rows * cols, 0.0f);
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        float* zi = z.data() + std::size_t(cfg.latent_dim) * std::size_t(r * cols + c);
        zi[0] = -lim + 2 * lim * c / (cols - 1);
        if (cfg.latent_dim >= 2) zi[1] = -lim + 2 * lim * r / (rows - 1);
      }
    s.plane.manifold = t.generate_at(z.data(), rows * cols);
    s.plane.manifold_rows = rows;
    s.plane.manifold_cols = cols;
  }

  const std::int64_t step = t.steps();
  const bool fresh = precision_recall_step_ < 0 || step < precision_recall_step_ ||
                     step >= precision_recall_step_ + Trainer::kQualityEvery;
  s.plane.quality = t.measure_quality(fresh);
  if (fresh) {
    precision_recall_step_ = step;
    precision_recall_ = s.plane.quality;
  } else {
    s.plane.quality.has_precision_recall = precision_recall_.has_precision_recall;
    s.plane.quality.precision = precision_recall_.precision;
    s.plane.quality.recall = precision_recall_.recall;
  }
  if (const auto* points = dynamic_cast<const data::PointDataset*>(t.dataset())) {
    s.plane.mode_centres = points->mode_centres();
    s.plane.mode_std = points->mode_std();
  }
}

}  // namespace ganscope::train
