// A metrics.csv that `ganscope train` wrote (cli/metrics_log.h), read back into rows: for the
// loss plot's overlay of another run (TensorBoard's habit of comparing runs on one plot). By
// the header's column names, so older files (fewer columns) read too; an empty field is no
// value; columns it does not know are skipped. Eigen-free, as the UI includes it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "train/metrics_row.h"

namespace ganscope::train {

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
