// What the window itself costs (issue 13, "The window's own cost"): each frame's time, the
// trainer thread's time to build each snapshot (Snapshot::publish_ms) and the UI's texture
// uploads, kept over the last kKept frames for the Controls panel's tooltip and whole for
// `ganscope gui --bench SECONDS`, whose last line they make. UI thread only; no GL, no ImGui.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace ganscope::app {

// Milliseconds spent in texture uploads on the UI thread since the program began: GlTexture and
// the heatmap add to it (their glTex*Image2D calls, synchronous under Mesa's llvmpipe).
void add_texture_upload_ms(double ms);
double texture_upload_ms_total();
// Adds its own lifetime to that total: one around each upload.
class UploadTimer {
 public:
  UploadTimer() : start_(std::chrono::steady_clock::now()) {}
  ~UploadTimer() {
    add_texture_upload_ms(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count());
  }
  UploadTimer(const UploadTimer&) = delete;
  UploadTimer& operator=(const UploadTimer&) = delete;

 private:
  std::chrono::steady_clock::time_point start_;
};

class WindowCost {
 public:
  static constexpr std::size_t kKept = 600;  // ten seconds at 60 frames a second

  // At the start of each drawn frame, with the clock in seconds and the snapshot on show.
  void frame(double now_seconds, std::uint64_t generation, float publish_ms);
  // Starts counting afresh for a bench: its figures cover only what comes after.
  void restart();

  double frame_ms_percentile(double p) const;    // over the kept frames; 0 without two frames
  double snapshot_ms_percentile(double p) const;  // over the kept snapshots (one per generation)
  double upload_ms_per_frame() const;             // mean over the kept frames
  // "gui: <x> steps/s, frame p50 <a> ms, p99 <b> ms, snapshot <c> ms", c the snapshots' median.
  static std::string bench_line(double steps_per_second, const WindowCost& cost);

  // Over everything since restart(), not only the kept frames (the bench's figures).
  std::size_t frames_seen() const { return all_frames_ms_.size(); }
  double all_frame_ms_percentile(double p) const;
  double all_snapshot_ms_percentile(double p) const;

 private:
  double last_frame_ = -1;
  std::uint64_t last_generation_ = 0;
  double last_upload_total_ = 0;
  std::vector<double> frames_ms_, snapshots_ms_, uploads_ms_;  // rolling, at most kKept
  std::vector<double> all_frames_ms_, all_snapshots_ms_;
};

// The p-th percentile (0..100, nearest rank) of values; 0 for none.
double percentile(std::vector<double> values, double p);

}  // namespace ganscope::app
