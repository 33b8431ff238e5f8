// The run's metric history and the marks where settings changed. The trainer thread appends;
// any thread may read, under the internal lock.
//
// Memory stays bounded however long a run goes: when the rows reach capacity, the older half
// is thinned to every other row. Recent steps stay at full resolution, older ones get
// sparser (a million steps fit in `capacity` rows), and the first and last rows are kept, so
// plots still show the whole run. Thinning renumbers rows: version() changes, and readers
// holding row indices must fetch again.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "train/metrics_row.h"

namespace ganscope::train {

class History {
 public:
  explicit History(std::size_t capacity = 100000);
  void append(const MetricRow& row);
  // Replaces the last row when it is of row.step (adding what was measured after the step).
  void replace_last(const MetricRow& row);
  void mark(std::int64_t step, const std::string& what);
  void clear();
  void assign(std::vector<MetricRow> rows, std::vector<ChangeMark> marks);

  std::size_t size() const;
  // Appends rows [from, size()) to out; returns version() at that moment.
  std::uint64_t since(std::size_t from, std::vector<MetricRow>& out) const;
  std::vector<MetricRow> rows() const;
  std::vector<ChangeMark> marks() const;
  // Changes whenever earlier row indices stop being valid (clear, assign, thinning).
  std::uint64_t version() const;
  std::size_t capacity() const { return capacity_; }

 private:
  void thin_older_half();
  std::size_t capacity_;
  std::uint64_t version_ = 0;
  mutable std::mutex mutex_;
  std::vector<MetricRow> rows_;
  std::vector<ChangeMark> marks_;
};

}  // namespace ganscope::train
