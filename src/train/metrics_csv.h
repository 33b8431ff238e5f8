// A metrics.csv that `ganscope train` wrote (cli/metrics_log.h), read back into rows: for the
// loss plot's overlay of another run (TensorBoard's habit of comparing runs on one plot), and
// for a window watching a run that trains elsewhere (train/run_follower.h). By the header's
// column names, so older files (fewer columns) read too; an empty field is no value; columns
// it does not know are skipped. Eigen-free, as the UI includes it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "train/metrics_row.h"

namespace ganscope::train {

// Reads a metrics.csv a line at a time: the header, then each row.
class MetricsCsvParser {
 public:
  explicit MetricsCsvParser(std::string source) : source_(std::move(source)) {}
  // The first line; throws std::runtime_error for one without the step column first.
  void header(const std::string& line);
  // A row (number: its line in the file, for messages) with the quality, the image quality and
  // the alarm it records; the settings its `change` column names (cli/metrics_log.h: "a; b")
  // are appended to marks, at the step before the row's, where the trainer marked them.
  // Throws std::runtime_error for a row that is not numbers, or not a step after the last.
  MetricRow row(const std::string& line, std::size_t number, std::vector<ChangeMark>* marks = nullptr);
  std::int64_t last_step() const { return last_step_; }

 private:
  enum Special { kNone, kSeconds, kModes, kHighQuality, kReverseKl, kKl, kJs, kPrecision, kRecall, kAlarm,
                 kFcd, kFcdLow, kFcdHigh, kClasses, kChange };
  std::string source_;
  std::vector<std::string> names_;
  std::vector<float MetricRow::*> fields_;  // each column's field, or null
  std::vector<Special> special_;            // the columns read by hand
  std::int64_t last_step_ = -1;
};

// At most 5 million rows (a run of 5 million steps, about 750 MB of text): more is refused.
constexpr std::size_t kMaxMetricsRows = 5'000'000;

// path: a metrics.csv, or a run folder holding one. Throws std::runtime_error naming the file
// (and the line) for one that is missing, has no step column, or a row that is not numbers in
// step order.
std::vector<MetricRow> read_metrics_csv(const std::string& path);
// The same, handing the rows over a few thousand at a time (`each`), so that a long run's file
// costs what its reader keeps of it, not 160 bytes a row more.
void read_metrics_csv(const std::string& path, const std::function<void(const std::vector<MetricRow>&)>& each);

}  // namespace ganscope::train
