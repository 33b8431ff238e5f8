#include "train/history.h"

namespace ganscope::train {

void History::append(const MetricRow& row) {
  std::lock_guard<std::mutex> lock(mutex_);
  rows_.push_back(row);
}

void History::mark(std::int64_t step, const std::string& what) {
  std::lock_guard<std::mutex> lock(mutex_);
  marks_.push_back({step, what});
}

void History::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  rows_.clear();
  marks_.clear();
}

void History::assign(std::vector<MetricRow> rows, std::vector<ChangeMark> marks) {
  std::lock_guard<std::mutex> lock(mutex_);
  rows_ = std::move(rows);
  marks_ = std::move(marks);
}

std::size_t History::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return rows_.size();
}

void History::since(std::size_t from, std::vector<MetricRow>& out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (from < rows_.size()) out.insert(out.end(), rows_.begin() + std::ptrdiff_t(from), rows_.end());
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
