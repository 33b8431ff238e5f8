#include "train/metrics_csv.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace ganscope::train {

namespace {

// The columns the loss plot draws, by name; the others are skipped.
struct Column {
  const char* name;
  float MetricRow::*field;
};
constexpr Column kColumns[] = {
    {"loss_d", &MetricRow::loss_d},       {"loss_g", &MetricRow::loss_g},
    {"d_real", &MetricRow::d_real},       {"d_fake", &MetricRow::d_fake},
    {"grad_norm_d", &MetricRow::grad_norm_d}, {"grad_norm_g", &MetricRow::grad_norm_g},
    {"lr_d", &MetricRow::lr_d},           {"lr_g", &MetricRow::lr_g},
    {"wasserstein", &MetricRow::wasserstein}, {"penalty", &MetricRow::penalty},
    {"r_t", &MetricRow::r_t},             {"d_seen", &MetricRow::d_seen},
    {"d_heldout", &MetricRow::d_heldout},
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == ',') out.emplace_back();
    else if (c != '\r') out.back() += c;
  }
  return out;
}

}  // namespace

std::vector<MetricRow> read_metrics_csv(const std::string& path) {
  std::vector<MetricRow> all;
  read_metrics_csv(path, [&](const std::vector<MetricRow>& rows) { all.insert(all.end(), rows.begin(), rows.end()); });
  return all;
}

void read_metrics_csv(const std::string& given, const std::function<void(const std::vector<MetricRow>&)>& each) {
  std::error_code ec;
  const std::string path =
      std::filesystem::is_directory(given, ec) ? (std::filesystem::path(given) / "metrics.csv").string() : given;
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open (" + std::strerror(errno) + ")");
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error(path + ": empty, not a metrics.csv");
  const std::vector<std::string> names = split(line);
  if (names.empty() || names[0] != "step") throw std::runtime_error(path + ": not a metrics.csv (no step column first)");
  // Each column's field, or null for the columns skipped.
  std::vector<float MetricRow::*> fields(names.size(), nullptr);
  for (std::size_t c = 1; c < names.size(); ++c)
    for (const Column& k : kColumns)
      if (names[c] == k.name) fields[c] = k.field;
  constexpr std::size_t kChunk = 4096;
  std::vector<MetricRow> rows;
  std::int64_t last_step = -1;
  std::size_t count = 0;
  for (std::size_t number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    if (line.size() > 4096) throw std::runtime_error(path + ":" + std::to_string(number) + ": a line too long for a metrics row");
    const std::vector<std::string> cells = split(line);
    MetricRow r;
    char* end = nullptr;
    r.step = std::strtoll(cells[0].c_str(), &end, 10);
    if (cells[0].empty() || *end != '\0' || r.step < 0 || r.step <= last_step)
      throw std::runtime_error(path + ":" + std::to_string(number) + ": the step is not a number after the last");
    for (std::size_t c = 1; c < cells.size() && c < fields.size(); ++c) {
      if (!fields[c]) continue;
      if (cells[c].empty()) {
        r.*fields[c] = kNoValue;
        continue;
      }
      const float v = std::strtof(cells[c].c_str(), &end);
      if (*end != '\0') throw std::runtime_error(path + ":" + std::to_string(number) + ": '" + cells[c] + "' in column " +
                                                 names[c] + " is not a number");
      r.*fields[c] = v;
    }
    r.heldout_gap = r.d_seen - r.d_heldout;  // as the trainer makes it: NaN without the two
    if (++count > kMaxMetricsRows) throw std::runtime_error(path + ": more rows than any run has");
    last_step = r.step;
    rows.push_back(r);
    if (rows.size() == kChunk) {
      each(rows);
      rows.clear();
    }
  }
  if (!rows.empty()) each(rows);
}

}  // namespace ganscope::train
