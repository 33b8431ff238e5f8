// RUN/metrics.csv, one row per step, appended as training goes so that a run of any length
// keeps every row (the in-memory history thins old rows; this file does not).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "train/metrics_row.h"
#include "train/snapshot.h"

namespace ganscope::cli {

class MetricsLog {
 public:
  // Starts the file afresh with a header, or, when resuming at step resume_step, keeps the
  // rows up to that step (a run killed after its last checkpoint wrote rows past it) and
  // falls back to the checkpoint's own history when the file is missing.
  MetricsLog(const std::string& path, std::int64_t resume_step,
             const std::vector<train::MetricRow>& checkpoint_history);
  ~MetricsLog();
  MetricsLog(const MetricsLog&) = delete;
  MetricsLog& operator=(const MetricsLog&) = delete;

  // The quality columns hold row.quality when it was measured at that step (2D data, every
  // Trainer::kQualityEvery steps), and are empty otherwise. change: the settings changed since
  // the last row (the history's marks), in the last column; rows rebuilt on a resume have none.
  void append(const train::MetricRow& row, const std::string& change = "");
  void flush();

  static std::string header();
  static std::string format(const train::MetricRow& row, const std::string& change = "");

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

}  // namespace ganscope::cli
