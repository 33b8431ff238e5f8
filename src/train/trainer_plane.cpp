// What the 2D view draws: D over the plane, where G's loss pushes each fake point, and the
// image of a regular latent grid under G (the generator's manifold).
#include <cmath>

#include "nn/losses.h"
#include "train/trainer.h"

namespace ganscope::train {

void Trainer::fill_plane(Snapshot& s, const nn::MatF& fakes) {
  // D(x) on a kHeatmapSize^2 lattice of cell centres over the view, one batched forward.
  const int n = kHeatmapSize;
  s.view = view_;
  s.heatmap_size = n;
  nn::MatF lattice(2, n * n);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      lattice(0, r * n + c) = view_.x0 + (view_.x1 - view_.x0) * (c + 0.5f) / n;
      lattice(1, r * n + c) = view_.y0 + (view_.y1 - view_.y0) * (r + 0.5f) / n;
    }
  const nn::MatF& logits = d_on_samples(lattice);
  s.heatmap.resize(std::size_t(n) * n);
  // D's output as the game shows it: a probability for the BCE games, a critic's raw score
  // for the others, which the window centres between the critic's real and fake means
  // (app/heatmap_scale.h). A sigmoid of a critic's score would put the contour at score 0, a
  // level its game never fixes, and flatten everything a few units from it.
  const nn::GanObjective& objective = *cfg_.hyper.objective;
  for (int i = 0; i < n * n; ++i) s.heatmap[std::size_t(i)] = objective.shown(logits(0, i));

  // dL_G/dx for each fake point, through D only: the force that G's update turns into a move
  // of the point (G then follows it through its own weights). Scaled by N to undo the mean.
  // With packing, each point is pushed as the first sample of its pack (d_on_samples).
  const nn::MatF& fake_logits = d_on_samples(fakes);
  nn::MatF dl, dx;
  nn::generator_loss(*cfg_.hyper.objective, fake_logits, &dl);
  d_.backward(dl, &dx, /*param_grads=*/false);
  const nn::MatF push = -float(fakes.cols()) * dx.topRows(fakes.rows());
  s.fake_push.assign(push.data(), push.data() + push.size());

  // The manifold: for a 1D latent a polyline over [-3, 3] (or [-1, 1] for uniform latents),
  // otherwise a 24 x 24 mesh over the plane of the first two latent coordinates. For more than
  // two, the others stay at 0 (the latent's mean): a slice through G's input, which shows how
  // G folds and tears one plane of it, not the whole picture.
  s.manifold.clear();
  s.manifold_rows = s.manifold_cols = 0;
  const float lim = cfg_.latent == "uniform" ? 1.0f : 3.0f;
  const int cols = cfg_.latent_dim == 1 ? 128 : 24, rows = cfg_.latent_dim == 1 ? 1 : 24;
  nn::MatF z = nn::MatF::Zero(cfg_.latent_dim, rows * cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      z(0, r * cols + c) = -lim + 2 * lim * c / (cols - 1);
      if (cfg_.latent_dim >= 2) z(1, r * cols + c) = -lim + 2 * lim * r / (rows - 1);
    }
  const nn::MatF& pts = shown_g().forward(z);
  s.manifold.assign(pts.data(), pts.data() + pts.size());
  s.manifold_rows = rows;
  s.manifold_cols = cols;
}

}  // namespace ganscope::train
