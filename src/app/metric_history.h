// The UI's own copy of the training history, fetched a few rows at a time with
// Session::history_since, kept as one array per series (what the loss plot draws), with an
// exponential moving average of each series kept up to date as rows arrive.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "imgui.h"
#include "train/metrics_row.h"

namespace ganscope::train {
class Session;
}

namespace ganscope::app {

// kWasserstein and kPenalty are NaN on every row of a game that has none (MetricRow), the
// held-out gap on every row of a run that holds nothing out, r_t for a Wasserstein critic.
enum Series {
  kLossD, kLossG, kDReal, kDFake, kGradNormD, kGradNormG, kWasserstein, kPenalty, kHeldoutGap,
  kRt, kSeriesCount
};

struct SeriesInfo {
  const char* label;
  ImU32 colour;
  float train::MetricRow::*field;
  const char* what = nullptr;  // what the series is, for its legend entry's tooltip
  // Rows without a value are rows of a game without the series, not a glitch: gaps in the
  // smoothed curve too, which starts afresh after one.
  bool gaps = false;
};
const SeriesInfo& series_info(int series);

class MetricHistory {
 public:
  // Appends the rows published since the last call; starts over when the run changed (reset,
  // load). Never waits on the trainer beyond its history mutex.
  void fetch(const train::Session& session);
  // Appends rows that follow the ones held (fetch's own way in; tests feed rows directly).
  void append(const std::vector<train::MetricRow>& rows);

  // EMA weight of the past, 0 (none) .. 0.999. Recomputes the smoothed series when it changes.
  void set_smoothing(float smoothing);
  float smoothing() const { return smoothing_; }

  std::size_t size() const { return steps_.size(); }
  // Whether any row held has a finite value of the series (a BCE run has no Wasserstein one).
  bool has_values(int series) const { return finite_rows_[series] > 0; }
  const std::vector<double>& steps() const { return steps_; }
  const std::vector<float>& raw(int series) const { return raw_[series]; }
  const std::vector<float>& smoothed(int series) const { return smoothed_[series]; }
  std::uint64_t run_id() const { return run_id_; }
  // Grows whenever anything above changed: a key for caches of what was drawn.
  std::uint64_t version() const { return version_; }

  // The alarms raised on the rows held (train/run_health.h): step and kind, in step order.
  struct Alarm {
    std::int64_t step;
    int kind;
  };
  const std::vector<Alarm>& alarms() const { return alarms_; }

  // Index of the row whose step is nearest to `step` (size() must be > 0).
  std::size_t nearest(double step) const;

  // Rows of the smallest and the largest finite value of a series in rows [first, end), or
  // kNone. O((end - first) / kBlock + kBlock): the plot asks this once per pixel column, so
  // drawing a million rows costs about as much as drawing a thousand.
  static constexpr std::size_t kNone = ~std::size_t{0};
  struct Extremes {
    std::size_t min = kNone;
    std::size_t max = kNone;
  };
  Extremes extremes(int series, bool smoothed, std::size_t first, std::size_t end) const;

 private:
  void smooth_from(std::size_t first);
  void clear();

  // Per block of kBlock rows: the rows of its smallest and largest finite value.
  static constexpr std::size_t kBlock = 64;
  struct BlockExtremes {
    std::vector<std::size_t> min, max;
  };
  static void summarize_from(const std::vector<float>& values, std::size_t first_row,
                             BlockExtremes& blocks);

  bool fetched_once_ = false;
  std::uint64_t run_id_ = 0;
  std::uint64_t version_ = 0;
  std::vector<double> steps_;
  std::vector<Alarm> alarms_;
  std::array<std::vector<float>, kSeriesCount> raw_;
  std::array<std::size_t, kSeriesCount> finite_rows_{};
  std::array<std::vector<float>, kSeriesCount> smoothed_;
  std::array<BlockExtremes, kSeriesCount> raw_blocks_;
  std::array<BlockExtremes, kSeriesCount> smoothed_blocks_;
  float smoothing_ = 0.9f;
  // Running EMA state per series: the biased average and how many finite values went into it.
  std::array<double, kSeriesCount> ema_{};
  std::array<double, kSeriesCount> ema_weight_{};
};

}  // namespace ganscope::app
