// The run's metric history and the marks where settings changed. The trainer thread appends;
// any thread may read, under the internal lock.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "train/metrics_row.h"

namespace ganscope::train {

class History {
 public:
  void append(const MetricRow& row);
  void mark(std::int64_t step, const std::string& what);
  void clear();
  void assign(std::vector<MetricRow> rows, std::vector<ChangeMark> marks);

  std::size_t size() const;
  // Appends rows [from, size()) to out.
  void since(std::size_t from, std::vector<MetricRow>& out) const;
  std::vector<MetricRow> rows() const;
  std::vector<ChangeMark> marks() const;

 private:
  mutable std::mutex mutex_;
  std::vector<MetricRow> rows_;
  std::vector<ChangeMark> marks_;
};

}  // namespace ganscope::train
