// Sample quality of a 2D generator, a small panel under the plane: modes captured,
// high-quality share and reverse KL (for Gaussian-mixture data with known modes, VEEGAN's
// definitions), KL and JS between 2D histograms of real and generated samples (any 2D data),
// each heading's tooltip giving the definition; and their course over the run, which shows
// mode collapse as it happens.
#pragma once

#include <cstdint>
#include <vector>

#include "train/session.h"
#include "train/snapshot.h"

namespace ganscope::app {

class QualityPanel {
 public:
  // A watched run's course (snapshot.watching) comes from its own measurements, every 100
  // steps in its metrics.csv (the session's history), not this window's of its last checkpoint.
  void draw(const train::Session& session, const train::Snapshot& snapshot);

 private:
  struct Sample {
    std::int64_t step;
    float captured;      // modes captured / modes, 0..1 (NaN without modes)
    float high_quality;  // 0..1 (NaN without modes)
    float js;            // JS / log 2, 0..1 (NaN when not measured)
  };
  static constexpr std::size_t kMaxSamples = 4000;

  void record(const train::Snapshot& snapshot);
  void record_rows(const train::Session& session, const train::Snapshot& snapshot);
  void add(const Sample& sample);  // keeping every other of the older half past kMaxSamples
  void draw_numbers(const train::Snapshot& snapshot);
  void draw_history(bool has_modes);

  std::vector<Sample> samples_;
  std::uint64_t run_id_ = ~0ull;
  std::uint64_t last_generation_ = ~0ull;
  std::size_t rows_seen_ = 0;            // record_rows: the history's rows read so far
  std::uint64_t rows_version_ = ~0ull;
};

}  // namespace ganscope::app
