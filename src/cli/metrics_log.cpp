#include "cli/metrics_log.h"

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "train/checkpoint.h"
#include "train/run_health.h"

namespace ganscope::cli {

namespace {
// ",v" per value in the given format, or "," where it is NaN (not measured); what it wrote.
int optional_columns(char* out, std::size_t size, std::initializer_list<float> values,
                     const char* format) {
  int n = 0;
  for (const float v : values) {
    n += std::snprintf(out + n, size - std::size_t(n), ",");
    if (!std::isnan(v)) n += std::snprintf(out + n, size - std::size_t(n), format, double(v));
  }
  return n;
}
}  // namespace

std::string MetricsLog::header() {
  return "step,loss_d,loss_g,d_real,d_fake,grad_norm_d,grad_norm_g,lr_d,lr_g,seconds,"
         "modes_captured,high_quality,reverse_kl,kl,js,wasserstein,penalty,precision,recall,r_t,"
         "d_seen,d_heldout,alarm,fcd,fcd_low,fcd_high,classes,change\n";
}

std::string MetricsLog::format(const train::MetricRow& r, const std::string& change) {
  const train::QualityStats* q = r.has_quality ? &r.quality : nullptr;
  char line[640];
  int n = std::snprintf(line, sizeof line, "%lld,%.7g,%.7g,%.7g,%.7g,%.7g,%.7g,%.7g,%.7g,%.6f,",
                        static_cast<long long>(r.step), r.loss_d, r.loss_g, r.d_real, r.d_fake,
                        r.grad_norm_d, r.grad_norm_g, r.lr_d, r.lr_g, r.seconds);
  if (!q) {
    n += std::snprintf(line + n, sizeof line - std::size_t(n), ",,,,");
  } else if (q->has_modes) {
    n += std::snprintf(line + n, sizeof line - std::size_t(n), "%d,%.4g,%.6g,%.6g,%.6g", q->modes_captured,
                       q->high_quality, q->reverse_kl, q->kl, q->js);
  } else {
    n += std::snprintf(line + n, sizeof line - std::size_t(n), ",,,%.6g,%.6g", q->kl, q->js);
  }
  // The game's own columns (gan_objective.h, d_regulariser.h), empty where it has none.
  n += optional_columns(line + n, sizeof line - std::size_t(n), {r.wasserstein, r.penalty}, "%.7g");
  // Precision and recall: of 2D points, or of images on the classifier's features.
  const train::ImageQualityStats* iq = r.has_image_quality ? &r.image_quality : nullptr;
  if (q && q->has_precision_recall)
    n += std::snprintf(line + n, sizeof line - std::size_t(n), ",%.4g,%.4g", q->precision, q->recall);
  else if (iq)
    n += optional_columns(line + n, sizeof line - std::size_t(n), {iq->precision, iq->recall}, "%.4g");
  else
    n += std::snprintf(line + n, sizeof line - std::size_t(n), ",,");
  // D's overfitting: r_t every step, its scores on seen and held-out examples where measured.
  const float seen = r.has_heldout ? r.d_seen : train::kNoValue;
  const float heldout = r.has_heldout ? r.d_heldout : train::kNoValue;
  n += optional_columns(line + n, sizeof line - std::size_t(n), {r.r_t, seen, heldout}, "%.7g");
  // The alarm raised at this step, by name (train/run_health.h), or nothing.
  const auto& alarms = train::alarm_names();
  const char* alarm = r.alarm > 0 && std::size_t(r.alarm) <= alarms.size() ? alarms[r.alarm - 1] : "";
  n += std::snprintf(line + n, sizeof line - std::size_t(n), ",%s", alarm);
  // Image runs: the classifier Frechet distance, its bootstrap band and the classes' spread.
  if (iq)
    n += optional_columns(line + n, sizeof line - std::size_t(n),
                          {iq->fcd, iq->fcd_low, iq->fcd_high, iq->classes}, "%.6g");
  else
    n += std::snprintf(line + n, sizeof line - std::size_t(n), ",,,,");
  // The settings changed before this step ("lr_d 0.0002 -> 0.0001; ..."), kept one field.
  std::string out(line);  // to its terminator: snprintf never writes past the buffer
  out += ',';
  for (char c : change) out += c == ',' || c == '"' || c == '\n' || c == '\r' ? ';' : c;
  out += '\n';
  return out;
}

MetricsLog::MetricsLog(const std::string& path, std::int64_t resume_step,
                       const std::vector<train::MetricRow>& checkpoint_history)
    : path_(path) {
  std::string kept = header();
  std::int64_t last_kept = 0;
  std::ifstream old(path);
  if (resume_step > 0 && old) {
    // A kill -9 can cut the file mid-row, after the last checkpoint: "12345,0.69" may end as
    // "123". A row counts only when it ended with a newline, has every column, and is the
    // next step in order; so a cut row is never read as an earlier step.
    const std::string head = header();
    const auto columns = std::count(head.begin(), head.end(), ',');
    // Rows are read through a fixed buffer: a longer line (a damaged file, no newlines) ends
    // the kept rows rather than costing its length in memory.
    char buf[1024];
    old.getline(buf, sizeof buf);  // header
    while (last_kept < resume_step && old.getline(buf, sizeof buf) && !old.eof()) {
      const std::string line = buf;
      const long long step = std::atoll(line.c_str());
      if (step != last_kept + 1 || std::count(line.begin(), line.end(), ',') != columns) break;
      kept += line + "\n";
      last_kept = step;
    }
  }
  // Rows the file lacks (no file, or cut short) come from the checkpoint's own history.
  for (const auto& r : checkpoint_history)
    if (r.step > last_kept && r.step <= resume_step) kept += format(r);
  train::write_file_atomically(path, kept);
  file_ = std::fopen(path.c_str(), "a");
  if (!file_) throw std::runtime_error(path + ": cannot append (" + std::strerror(errno) + ")");
}

MetricsLog::~MetricsLog() {
  if (file_) std::fclose(file_);
}

void MetricsLog::append(const train::MetricRow& row, const std::string& change) {
  const std::string line = format(row, change);
  if (std::fputs(line.c_str(), file_) < 0)
    throw std::runtime_error(path_ + ": cannot write (" + std::strerror(errno) + ")");
}

void MetricsLog::flush() { std::fflush(file_); }

}  // namespace ganscope::cli
