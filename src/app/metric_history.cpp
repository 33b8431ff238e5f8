#include "app/metric_history.h"

#include <algorithm>
#include <cmath>

#include "app/palette.h"
#include "train/session.h"

namespace ganscope::app {

const SeriesInfo& series_info(int series) {
  static const SeriesInfo table[kSeriesCount] = {
      {"D loss", palette::kLossD, &train::MetricRow::loss_d},
      {"G loss", palette::kLossG, &train::MetricRow::loss_g},
      {"D(x)", palette::kReal, &train::MetricRow::d_real},
      {"D(G(z))", palette::kFake, &train::MetricRow::d_fake},
      {"|grad D|", palette::kGradD, &train::MetricRow::grad_norm_d},
      {"|grad G|", palette::kGradG, &train::MetricRow::grad_norm_g},
      {"W estimate", palette::kWasserstein, &train::MetricRow::wasserstein,
       "E[D(x)] - E[D(G(z))]: the critic's mean on the real batch minus its mean on the fake "
       "batch, an estimate of the Wasserstein distance between the data and G's distribution "
       "(up to the critic's Lipschitz constant). It falls as G's samples near the data", true},
      {"penalty", palette::kPenalty, &train::MetricRow::penalty,
       "The gradient penalties' term of D's loss: WGAN-GP's lambda E[(|grad D(x^)| - 1)^2] on "
       "mixes of real and fake, R1's gamma/2 E|grad D(x)|^2 on real data. Near 0 while D keeps "
       "to the slope the penalty asks for", true},
      {"held-out gap", palette::kHeldoutGap, &train::MetricRow::heldout_gap,
       "Mean D on 256 training images minus its mean on 256 real images kept from training "
       "(the data's test split), every 100 steps. Near 0 while D learns the data; it grows as "
       "D memorises its training set (lesson 5)", true},
      {"r_t", palette::kRt, &train::MetricRow::r_t,
       "E[sign D(x)] on the real batch (StyleGAN2-ADA's overfitting heuristic): the share of "
       "real images D calls real minus the share it calls fake. Near 1 when D is sure of every "
       "training image", true},
  };
  return table[series];
}

void MetricHistory::fetch(const train::Session& session) {
  std::vector<train::MetricRow> rows;
  std::uint64_t run = session.history_since(steps_.size(), rows);
  if (!fetched_once_ || run != run_id_) {
    // A new run (reset or load): what we hold belongs to the old one.
    clear();
    rows.clear();
    run = session.history_since(0, rows);
    run_id_ = run;
    fetched_once_ = true;
    ++version_;
  }
  if (!rows.empty()) append(rows);
}

void MetricHistory::clear() {
  steps_.clear();
  alarms_.clear();
  for (auto& v : raw_) v.clear();
  finite_rows_.fill(0);
  for (auto& v : smoothed_) v.clear();
  for (auto& b : raw_blocks_) b = BlockExtremes{};
  for (auto& b : smoothed_blocks_) b = BlockExtremes{};
  ema_.fill(0);
  ema_weight_.fill(0);
}

void MetricHistory::append(const std::vector<train::MetricRow>& rows) {
  const std::size_t first = steps_.size();
  for (const train::MetricRow& row : rows) {
    steps_.push_back(static_cast<double>(row.step));
    if (row.alarm > 0) alarms_.push_back({row.step, row.alarm});
    for (int s = 0; s < kSeriesCount; ++s) {
      const float value = row.*series_info(s).field;
      raw_[s].push_back(value);
      finite_rows_[s] += std::isfinite(value) ? 1 : 0;
    }
  }
  for (int s = 0; s < kSeriesCount; ++s) summarize_from(raw_[s], first, raw_blocks_[s]);
  smooth_from(first);
  ++version_;
}

void MetricHistory::set_smoothing(float smoothing) {
  smoothing = std::clamp(smoothing, 0.0f, 0.999f);
  if (smoothing == smoothing_) return;
  smoothing_ = smoothing;
  ema_.fill(0);
  ema_weight_.fill(0);
  smooth_from(0);
  ++version_;
}

// Debiased EMA, as TensorBoard draws it:  m_t = a m_{t-1} + (1 - a) x_t,  shown as
// m_t / (1 - a^t). Without the division the curve would start near 0 and climb for ~1/(1-a)
// steps. Non-finite values (a diverged run) are drawn raw but skipped by the average, so one
// NaN does not blank the rest of the curve. A series with gaps (the critic's, NaN while the
// game has none) is not carried across them: a stretch of another game is no value, and the
// next stretch is averaged on its own.
void MetricHistory::smooth_from(std::size_t first) {
  const double a = smoothing_;
  for (int s = 0; s < kSeriesCount; ++s) {
    std::vector<float>& out = smoothed_[s];
    const std::vector<float>& in = raw_[s];
    out.resize(in.size());
    for (std::size_t i = first; i < in.size(); ++i) {
      const double x = in[i];
      if (!std::isfinite(x) && series_info(s).gaps) {
        ema_[s] = ema_weight_[s] = 0;
        out[i] = in[i];
        continue;
      }
      if (std::isfinite(x)) {
        ema_[s] = a * ema_[s] + (1 - a) * x;
        ema_weight_[s] = a * ema_weight_[s] + (1 - a);
      }
      out[i] = ema_weight_[s] > 0 ? static_cast<float>(ema_[s] / ema_weight_[s]) : in[i];
    }
    summarize_from(out, first, smoothed_blocks_[s]);
  }
}

void MetricHistory::summarize_from(const std::vector<float>& values, std::size_t first_row,
                                   BlockExtremes& blocks) {
  const std::size_t count = (values.size() + kBlock - 1) / kBlock;
  blocks.min.resize(count, kNone);
  blocks.max.resize(count, kNone);
  for (std::size_t b = first_row / kBlock; b < count; ++b) {
    std::size_t lo = kNone, hi = kNone;
    for (std::size_t i = b * kBlock; i < std::min(values.size(), (b + 1) * kBlock); ++i) {
      if (!std::isfinite(values[i])) continue;
      if (lo == kNone || values[i] < values[lo]) lo = i;
      if (hi == kNone || values[i] > values[hi]) hi = i;
    }
    blocks.min[b] = lo;
    blocks.max[b] = hi;
  }
}

MetricHistory::Extremes MetricHistory::extremes(int series, bool smoothed, std::size_t first,
                                                std::size_t end) const {
  const std::vector<float>& values = smoothed ? smoothed_[series] : raw_[series];
  const BlockExtremes& blocks = smoothed ? smoothed_blocks_[series] : raw_blocks_[series];
  end = std::min(end, values.size());
  Extremes found;
  auto consider = [&](std::size_t i) {
    if (i == kNone || !std::isfinite(values[i])) return;
    if (found.min == kNone || values[i] < values[found.min]) found.min = i;
    if (found.max == kNone || values[i] > values[found.max]) found.max = i;
  };
  std::size_t i = first;
  for (; i < end && i % kBlock != 0; ++i) consider(i);  // up to a block boundary
  for (; i + kBlock <= end; i += kBlock) {              // whole blocks
    consider(blocks.min[i / kBlock]);
    consider(blocks.max[i / kBlock]);
  }
  for (; i < end; ++i) consider(i);  // the rest
  return found;
}

std::size_t MetricHistory::nearest(double step) const {
  auto it = std::lower_bound(steps_.begin(), steps_.end(), step);
  if (it == steps_.end()) return steps_.size() - 1;
  std::size_t i = static_cast<std::size_t>(it - steps_.begin());
  if (i > 0 && step - steps_[i - 1] < steps_[i] - step) --i;
  return i;
}

}  // namespace ganscope::app
