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

// Their labels (none for data without classes).
std::vector<int> first_labels(const data::Dataset& data, int n) {
  if (data.classes() == 0) return {};
  std::vector<int> idx(static_cast<std::size_t>(n)), out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) idx[std::size_t(i)] = i;
  data.gather_labels(idx.data(), n, out.data());
  return out;
}

}  // namespace

// D runs on chunks exactly as wide as its training batches (batch / packing columns) and G on
// chunks of the training batch, a short last chunk padded with copies of its first column: the
// networks' workspaces keep their training sizes, so neither this step nor the next one
// allocates (with packing 1; a packed D's probe builds its packs in the snapshot's buffer).
void Trainer::score_heldout(MetricRow& row) {
  const int n = std::min({kHeldoutSamples, heldout_->size(), data_->size()});
  if (heldout_x_.cols() != n) heldout_x_ = first_examples(*heldout_, n);
  if (seen_x_.cols() != n) seen_x_ = first_examples(*data_, n);
  // A conditional D judges each example as of its class; fakes as of the grid's.
  std::vector<int> seen_labels, heldout_labels;
  if (cond_.on()) {
    seen_labels = first_labels(*data_, n);
    heldout_labels = first_labels(*heldout_, n);
  }
  const int d_width = std::max(1, cfg_.batch / cfg_.hyper.packing);
  probe_x_.resize(out_dim_, d_width);
  probe_z_.resize(g_inputs(), cfg_.batch);
  // Running statistics, no Dropout, as D judges the grid: a fair comparison of the two sets
  // that changes no network state.
  EvalMode eval({&g_, &d_});
  const nn::GanObjective& game = *cfg_.hyper.objective;
  // Copies columns [at, at + count) of `from` into `into`, padded to its width.
  auto chunk = [](const nn::MatF& from, Eigen::Index at, Eigen::Index count, nn::MatF& into) {
    into.leftCols(count) = from.middleCols(at, count);
    for (Eigen::Index j = count; j < into.cols(); ++j) into.col(j) = from.col(at);
  };
  // The sum of D's shown outputs on the first `count` columns of x.
  std::vector<int> probe_labels(std::size_t(cond_.on() ? d_width : 0));
  auto sum_d = [&](const nn::MatF& x, const int* labels, Eigen::Index count) {
    double sum = 0;
    for (Eigen::Index at = 0; at < count; at += d_width) {
      const Eigen::Index c = std::min<Eigen::Index>(d_width, count - at);
      chunk(x, at, c, probe_x_);
      if (labels)
        for (Eigen::Index j = 0; j < d_width; ++j) probe_labels[std::size_t(j)] = labels[at + (j < c ? j : 0)];
      const nn::MatF& logits = d_on_samples(probe_x_, labels ? probe_labels.data() : nullptr);
      for (Eigen::Index i = 0; i < c; ++i) sum += game.shown(logits(0, i));
    }
    return sum;
  };
  auto first = [](const std::vector<int>& v) { return v.empty() ? nullptr : v.data(); };
  row.d_seen = float(sum_d(seen_x_, first(seen_labels), n) / n);
  row.d_heldout = float(sum_d(heldout_x_, first(heldout_labels), n) / n);
  row.heldout_gap = row.d_seen - row.d_heldout;
  double fake_sum = 0;
  const Eigen::Index grid = fixed_z_.cols();
  for (Eigen::Index at = 0; at < grid; at += cfg_.batch) {
    const Eigen::Index c = std::min<Eigen::Index>(cfg_.batch, grid - at);
    chunk(fixed_z_, at, c, probe_z_);
    fake_sum += sum_d(g_.forward(probe_z_), grid_labels_.empty() ? nullptr : grid_labels_.data() + at, c);
  }
  row.d_probe_fake = float(fake_sum / double(grid));
  row.has_heldout = true;
}

}  // namespace ganscope::train
