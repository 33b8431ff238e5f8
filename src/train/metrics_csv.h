// A metrics.csv that `ganscope train` wrote (cli/metrics_log.h), read back into rows: for the
// loss plot's overlay of another run (TensorBoard's habit of comparing runs on one plot). By
// the header's column names, so older files (fewer columns) read too; an empty field is no
// value; columns it does not know are skipped. Eigen-free, as the UI includes it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "train/metrics_row.h"

namespace ganscope::train {

// At most 5 million rows (a run of 5 million steps, about 1 GB of text): more is refused,
// rather than held (a row here is a few hundred bytes).
constexpr std::size_t kMaxMetricsRows = 5'000'000;

// path: a metrics.csv, or a run folder holding one. Throws std::runtime_error naming the file
// (and the line) for one that is missing, has no step column, or a row that is not numbers in
// step order.
std::vector<MetricRow> read_metrics_csv(const std::string& path);

}  // namespace ganscope::train
