#include "cli/metrics_log.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "train/checkpoint.h"

namespace ganscope::cli {

std::string MetricsLog::header() {
  return "step,loss_d,loss_g,d_real,d_fake,grad_norm_d,grad_norm_g,lr_d,lr_g,seconds,"
         "modes_captured,high_quality,reverse_kl,kl,js\n";
}

std::string MetricsLog::format(const train::MetricRow& r, const train::QualityStats* q) {
  char line[480];
  int n = std::snprintf(line, sizeof line, "%lld,%.7g,%.7g,%.7g,%.7g,%.7g,%.7g,%.7g,%.7g,%.6f,",
                        static_cast<long long>(r.step), r.loss_d, r.loss_g, r.d_real, r.d_fake,
                        r.grad_norm_d, r.grad_norm_g, r.lr_d, r.lr_g, r.seconds);
  if (!q) {
    std::snprintf(line + n, sizeof line - std::size_t(n), ",,,,\n");
  } else if (q->has_modes) {
    std::snprintf(line + n, sizeof line - std::size_t(n), "%d,%.4g,%.6g,%.6g,%.6g\n", q->modes_captured,
                  q->high_quality, q->reverse_kl, q->kl, q->js);
  } else {
    std::snprintf(line + n, sizeof line - std::size_t(n), ",,,%.6g,%.6g\n", q->kl, q->js);
  }
  return line;
}

MetricsLog::MetricsLog(const std::string& path, std::int64_t resume_step,
                       const std::vector<train::MetricRow>& checkpoint_history)
    : path_(path) {
  std::string kept = header();
  std::ifstream old(path);
  if (resume_step > 0 && old) {
    std::string line;
    std::getline(old, line);  // header
    while (std::getline(old, line)) {
      long long step = std::atoll(line.c_str());
      if (step >= 1 && step <= resume_step) kept += line + "\n";
    }
  } else {
    for (const auto& r : checkpoint_history)
      if (r.step <= resume_step) kept += format(r, nullptr);
  }
  train::write_file_atomically(path, kept);
  file_ = std::fopen(path.c_str(), "a");
  if (!file_) throw std::runtime_error(path + ": cannot append (" + std::strerror(errno) + ")");
}

MetricsLog::~MetricsLog() {
  if (file_) std::fclose(file_);
}

void MetricsLog::append(const train::MetricRow& row, const train::QualityStats* quality) {
  const std::string line = format(row, quality);
  if (std::fputs(line.c_str(), file_) < 0)
    throw std::runtime_error(path_ + ": cannot write (" + std::strerror(errno) + ")");
}

void MetricsLog::flush() { std::fflush(file_); }

}  // namespace ganscope::cli
