#include "train/metrics_csv.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "train/run_files.h"
#include "train/run_health.h"

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

// d as a float, infinite past float's range (casting such a double is undefined).
float to_float(double d) {
  const double max = double(std::numeric_limits<float>::max());
  if (d > max) return std::numeric_limits<float>::infinity();
  if (d < -max) return -std::numeric_limits<float>::infinity();
  return float(d);  // NaN stays NaN
}

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

void MetricsCsvParser::header(const std::string& line) {
  names_ = split(line);
  if (names_.empty() || names_[0] != "step") throw std::runtime_error(source_ + ": not a metrics.csv (no step column first)");
  static const std::pair<const char*, Special> kSpecial[] = {
      {"seconds", kSeconds}, {"modes_captured", kModes}, {"high_quality", kHighQuality},
      {"reverse_kl", kReverseKl}, {"kl", kKl}, {"js", kJs}, {"precision", kPrecision}, {"recall", kRecall},
      {"alarm", kAlarm}, {"fcd", kFcd}, {"fcd_low", kFcdLow}, {"fcd_high", kFcdHigh}, {"classes", kClasses},
      {"change", kChange}};
  fields_.assign(names_.size(), nullptr);
  special_.assign(names_.size(), kNone);
  for (std::size_t c = 1; c < names_.size(); ++c) {
    for (const Column& k : kColumns)
      if (names_[c] == k.name) fields_[c] = k.field;
    for (const auto& [name, kind] : kSpecial)
      if (names_[c] == name) special_[c] = kind;
  }
}

MetricRow MetricsCsvParser::row(const std::string& line, std::size_t number, std::vector<ChangeMark>* marks) {
  const std::string where = source_ + ":" + std::to_string(number);
  if (line.size() > 4096) throw std::runtime_error(where + ": a line too long for a metrics row");
  const std::vector<std::string> cells = split(line);
  MetricRow r;
  char* end = nullptr;
  r.step = std::strtoll(cells[0].c_str(), &end, 10);
  if (cells[0].empty() || *end != '\0' || r.step < 0 || r.step <= last_step_)
    throw std::runtime_error(where + ": the step is not a number after the last");
  // The columns that are numbers: NaN where empty (not measured).
  std::vector<double> value(cells.size(), double(kNoValue));
  for (std::size_t c = 1; c < cells.size() && c < names_.size(); ++c) {
    if (cells[c].empty() || special_[c] == kAlarm || special_[c] == kChange || (!fields_[c] && special_[c] == kNone))
      continue;
    value[c] = std::strtod(cells[c].c_str(), &end);
    if (*end != '\0')
      throw std::runtime_error(where + ": '" + cells[c] + "' in column " + names_[c] + " is not a number");
    if (fields_[c]) r.*fields_[c] = to_float(value[c]);
  }
  std::vector<ChangeMark> row_marks;  // handed over once the whole row is read
  QualityStats& q = r.quality;
  ImageQualityStats& iq = r.image_quality;
  float precision = kNoValue, recall = kNoValue;
  for (std::size_t c = 1; c < cells.size() && c < names_.size(); ++c) {
    const double d = value[c];
    const float v = to_float(d);
    const bool has = !std::isnan(value[c]);
    switch (special_[c]) {
      case kNone: break;
      case kSeconds: if (has) r.seconds = value[c]; break;
      case kModes:
        if (!has) break;
        if (!(d >= 0 && d <= 1e6 && d == std::floor(d)))
          throw std::runtime_error(where + ": '" + cells[c] + "' in column modes_captured is not a count of modes");
        q.has_modes = true, q.modes_captured = int(d);
        break;
      case kHighQuality: if (has) q.high_quality = v; break;
      case kReverseKl: if (has) q.reverse_kl = v; break;
      case kKl: if (has) r.has_quality = true, q.kl = v; break;
      case kJs: if (has) q.js = v; break;
      case kPrecision: precision = v; break;
      case kRecall: recall = v; break;
      case kAlarm: r.alarm = std::uint8_t(alarm_named(cells[c])); break;
      case kFcd: if (has) r.has_image_quality = true, iq.fcd = v; break;
      case kFcdLow: iq.fcd_low = v; break;
      case kFcdHigh: iq.fcd_high = v; break;
      case kClasses: iq.classes = v; break;
      case kChange:
        // "lr_d 0.0002 -> 0.0001; ema_beta 0 -> 0.999": one mark each.
        for (std::size_t from = 0; marks && from < cells[c].size();) {
          std::size_t to = cells[c].find("; ", from);
          if (to == std::string::npos) to = cells[c].size();
          if (to > from) row_marks.push_back({r.step - 1, cells[c].substr(from, to - from)});
          from = to + 2;
        }
        break;
    }
  }
  // Precision and recall are of the images when the row measured them, else of 2D points.
  if (r.has_image_quality) {
    iq.precision = precision, iq.recall = recall;
  } else if (r.has_quality && !std::isnan(precision)) {
    q.has_precision_recall = true, q.precision = precision, q.recall = recall;
  }
  r.heldout_gap = r.d_seen - r.d_heldout;  // as the trainer makes it: NaN without the two
  last_step_ = r.step;
  if (marks) marks->insert(marks->end(), row_marks.begin(), row_marks.end());
  return r;
}

void read_metrics_csv(const std::string& given, const std::function<void(const std::vector<MetricRow>&)>& each) {
  std::error_code ec;
  const std::string path =
      std::filesystem::is_directory(given, ec) ? (std::filesystem::path(given) / kMetricsFile).string() : given;
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open (" + std::strerror(errno) + ")");
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error(path + ": empty, not a metrics.csv");
  MetricsCsvParser parser(path);
  parser.header(line);
  constexpr std::size_t kChunk = 4096;
  std::vector<MetricRow> rows;
  std::size_t count = 0;
  for (std::size_t number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const MetricRow r = parser.row(line, number);
    if (++count > kMaxMetricsRows) throw std::runtime_error(path + ": more rows than any run has");
    rows.push_back(r);
    if (rows.size() == kChunk) {
      each(rows);
      rows.clear();
    }
  }
  if (!rows.empty()) each(rows);
}

}  // namespace ganscope::train
