// D on real examples it has not trained on against examples it has: the overfitting signal
// (Karras et al. 2020, "Training GANs with limited data", section 2: D's scores on held-out
// real images fall away from its scores on training images as D memorises the latter).
#include <algorithm>

#include "train/trainer.h"

namespace ganscope::train {

namespace {

// The first n examples of data as (dim, n) columns.
nn::MatF first_examples(const data::Dataset& data, int n) {
  std::vector<int> idx(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) idx[std::size_t(i)] = i;
  nn::MatF x(data.dim(), n);
  data.gather(idx.data(), n, x.data());
  return x;
}

}  // namespace

void Trainer::score_heldout(MetricRow& row) {
  const int n = std::min({kHeldoutSamples, heldout_->size(), data_->size()});
  if (heldout_x_.cols() != n) heldout_x_ = first_examples(*heldout_, n);
  if (seen_x_.cols() != n) seen_x_ = first_examples(*data_, n);
  // Running statistics, no Dropout, as D judges the grid: a fair comparison of the two sets
  // that changes no network state.
  EvalMode eval({&g_, &d_});
  const nn::GanObjective& game = *cfg_.hyper.objective;
  auto mean_d = [&](const nn::MatF& x) {
    const nn::MatF& logits = d_on_samples(x);
    double sum = 0;
    for (Eigen::Index i = 0; i < logits.size(); ++i) sum += game.shown(logits.data()[i]);
    return float(sum / double(logits.size()));
  };
  row.d_seen = mean_d(seen_x_);
  row.d_heldout = mean_d(heldout_x_);
  row.heldout_gap = row.d_seen - row.d_heldout;
  row.d_probe_fake = mean_d(g_.forward(fixed_z_));
  row.has_heldout = true;
}

}  // namespace ganscope::train
