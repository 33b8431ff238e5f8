#include "app/window_cost.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace ganscope::app {

namespace {
double g_upload_ms = 0;

void keep(std::vector<double>& v, double x, std::size_t most) {
  if (v.size() == most) v.erase(v.begin());
  v.push_back(x);
}
}  // namespace

void add_texture_upload_ms(double ms) { g_upload_ms += ms; }
double texture_upload_ms_total() { return g_upload_ms; }

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(p / 100.0 * double(values.size()));
  const std::size_t i = std::size_t(std::clamp(rank, 1.0, double(values.size()))) - 1;
  return values[i];
}

void WindowCost::frame(double now, std::uint64_t generation, float publish_ms) {
  const double uploads = texture_upload_ms_total();
  if (last_frame_ >= 0) {
    const double ms = 1000 * (now - last_frame_);
    keep(frames_ms_, ms, kKept);
    keep(uploads_ms_, uploads - last_upload_total_, kKept);
    all_frames_ms_.push_back(ms);
  }
  last_frame_ = now;
  last_upload_total_ = uploads;
  if (generation != last_generation_) {
    last_generation_ = generation;
    keep(snapshots_ms_, publish_ms, kKept);
    all_snapshots_ms_.push_back(publish_ms);
  }
}

void WindowCost::restart() { *this = WindowCost{}; }

double WindowCost::frame_ms_percentile(double p) const { return percentile(frames_ms_, p); }
double WindowCost::snapshot_ms_percentile(double p) const { return percentile(snapshots_ms_, p); }
double WindowCost::all_frame_ms_percentile(double p) const { return percentile(all_frames_ms_, p); }
double WindowCost::all_snapshot_ms_percentile(double p) const {
  return percentile(all_snapshots_ms_, p);
}

double WindowCost::upload_ms_per_frame() const {
  if (uploads_ms_.empty()) return 0;
  return std::accumulate(uploads_ms_.begin(), uploads_ms_.end(), 0.0) / double(uploads_ms_.size());
}

std::string WindowCost::bench_line(double steps_per_second, const WindowCost& cost) {
  char line[160];
  std::snprintf(line, sizeof line, "gui: %.1f steps/s, frame p50 %.1f ms, p99 %.1f ms, snapshot %.2f ms",
                steps_per_second, cost.all_frame_ms_percentile(50), cost.all_frame_ms_percentile(99),
                cost.all_snapshot_ms_percentile(50));
  return line;
}

}  // namespace ganscope::app
