#include "train/history.h"

#include <algorithm>

namespace ganscope::train {

// The rows are reserved up front so that appending never reallocates (a training step
// allocates nothing). Pages the rows have not reached are never touched, so this costs
// address space, not memory.
History::History(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 16)) {
  rows_.reserve(capacity_);
}

void History::append(const MetricRow& row) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (rows_.size() >= capacity_) thin_older_half();
  rows_.push_back(row);
}

void History::replace_last(const MetricRow& row) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!rows_.empty() && rows_.back().step == row.step) rows_.back() = row;
}

// Rows [1, n/2), the older half, keep every row that holds a measurement (sample quality, D on
// held-out data, an alarm; one in 100 steps or rarer, and their curves have nothing in
// between) and every other one of the rest. Should measurements fill over half of the older
// half, every other one of them goes too, so that a thinning always frees at least an eighth of
// the rows. Row 0 (the start of the run) always stays.
void History::thin_older_half() {
  const std::size_t half = rows_.size() / 2;
  auto measured = [](const MetricRow& r) {
    return r.has_quality || r.has_image_quality || r.has_heldout || r.alarm != 0;
  };
  std::size_t measurements = 0;
  for (std::size_t i = 1; i < half; ++i) measurements += measured(rows_[i]);
  const bool crowded = measurements > half / 2;
  std::size_t out = 1, seen_measured = 0, seen_other = 0;
  for (std::size_t i = 1; i < half; ++i) {
    const bool keep = measured(rows_[i]) ? !crowded || seen_measured++ % 2 == 0
                                         : seen_other++ % 2 == 1;
    if (keep) rows_[out++] = rows_[i];
  }
  for (std::size_t i = half; i < rows_.size(); ++i) rows_[out++] = rows_[i];
  rows_.resize(out);
  ++version_;
}

std::uint64_t History::version() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return version_;
}

void History::mark(std::int64_t step, const std::string& what) {
  std::lock_guard<std::mutex> lock(mutex_);
  marks_.push_back({step, what});
}

void History::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  rows_.clear();
  marks_.clear();
  ++version_;
}

void History::assign(std::vector<MetricRow> rows, std::vector<ChangeMark> marks) {
  std::lock_guard<std::mutex> lock(mutex_);
  rows_ = std::move(rows);
  rows_.reserve(std::max(capacity_, rows_.size()));
  marks_ = std::move(marks);
  ++version_;
}

std::size_t History::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return rows_.size();
}

std::uint64_t History::since(std::size_t from, std::vector<MetricRow>& out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (from < rows_.size()) out.insert(out.end(), rows_.begin() + std::ptrdiff_t(from), rows_.end());
  return version_;
}

std::vector<MetricRow> History::rows() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return rows_;
}

std::vector<ChangeMark> History::marks() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return marks_;
}

}  // namespace ganscope::train
