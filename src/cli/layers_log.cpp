#include "cli/layers_log.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "io/atomic_file.h"

namespace ganscope::cli {

namespace {

// A norm as a CSV field: empty when not measured.
std::string norm_field(float v) {
  if (std::isnan(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.7g", v);
  return buf;
}

// Whether line is a whole row: six fields, the third quoted (a cut row has fewer).
bool is_whole_row(const std::string& line) {
  int commas = 0;
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) ++commas;
  }
  return commas == 5 && !quoted;
}

}  // namespace

std::string LayersLog::header() { return "step,network,layer,index,grad_norm,spectral_norm\n"; }

std::string LayersLog::format(std::int64_t step, const train::LayerStat& l) {
  std::string name;  // CSV quoting: a quote inside is doubled
  for (const char c : l.layer) name += c == '"' ? std::string("\"\"") : std::string(1, c);
  return std::to_string(step) + "," + l.network + ",\"" + name + "\"," + std::to_string(l.index) +
         "," + norm_field(l.grad_norm) + "," + norm_field(l.spectral_norm) + "\n";
}

LayersLog::LayersLog(const std::string& path, std::int64_t resume_step) : path_(path) {
  std::string kept = header();
  std::ifstream old(path);
  if (resume_step > 0 && old) {
    // As metrics.csv's rows (cli/metrics_log.cpp): a row counts only when it ended with a
    // newline, is whole, and its step is in order and not past the checkpoint's; the first
    // that is not ends the kept rows. Read through a fixed buffer, so a damaged file costs no
    // more memory than a row.
    char buf[1024];
    old.getline(buf, sizeof buf);  // header
    while (old.getline(buf, sizeof buf) && !old.eof()) {
      const std::string line = buf;
      const long long step = std::atoll(line.c_str());
      if (step < std::max<std::int64_t>(last_step_, 1) || step > resume_step || !is_whole_row(line))
        break;
      kept += line + "\n";
      last_step_ = step;
    }
  }
  io::write_file_atomically(path, kept);
  file_ = std::fopen(path.c_str(), "a");
  if (!file_) throw std::runtime_error(path + ": cannot append (" + std::strerror(errno) + ")");
}

LayersLog::~LayersLog() {
  if (file_) std::fclose(file_);
}

void LayersLog::append(std::int64_t step, const std::vector<train::LayerStat>& layers) {
  if (step <= last_step_) return;
  std::string rows;
  for (const auto& l : layers) rows += format(step, l);
  if (std::fputs(rows.c_str(), file_) < 0)
    throw std::runtime_error(path_ + ": cannot write (" + std::strerror(errno) + ")");
  last_step_ = step;
}

void LayersLog::flush() { std::fflush(file_); }

}  // namespace ganscope::cli
