// "Collapse suspected": is G covering less of the data than it did? A watch over a run's
// coverage measurements: modes captured for 2D mixtures (metrics/mode_coverage.h), the
// effective number of classes among G's images for image runs (train/image_quality.h).
//
// One measurement is noisy (grid25's modes captured swings 11-23 from one 100-step measurement
// to the next in healthy runs), so the watch reads the median of the last kWindow. The
// collapse is suspected when that median has fallen to at most kFallShare of the best median
// the run has had, by at least kMinFall; or, when the data's number of modes is known, when
// after kLateStep steps it still covers at most half of them. Measured on the presets (seeds
// 1-3, train every 100 steps): ring's healthy runs hold 8 of 8 from step ~1,600 on; a ring run
// whose G lost modes (seed 3: 8 at step 2,000, 3 at 5,000) and lesson 3's runs (2-5 of 8
// throughout) are suspected; grid25's 14-21 of 25 are not.
#pragma once

#include <cstdint>
#include <vector>

namespace ganscope::train {

struct CoverageSign {
  bool suspected = false;
  bool images = false;  // classes (images) or modes (2D)
  float now = 0;        // the median of the last kWindow measurements
  float best = 0;       // the best such median this run
  int of = 0;           // the data's modes or classes (0: unknown)
  std::int64_t step = 0;  // of the last measurement
};

class CoverageWatch {
 public:
  static constexpr int kWindow = 5;
  static constexpr float kFallShare = 0.6f;
  static constexpr float kMinFall = 2.0f;
  static constexpr std::int64_t kLateStep = 3000;

  // of: the data's modes (2D) or classes (images), 0 when unknown; images picks the wording.
  void add(std::int64_t step, float coverage, int of, bool images);
  void forget();
  CoverageSign sign() const;

 private:
  std::vector<float> last_;  // up to kWindow most recent measurements, oldest first
  CoverageSign sign_;
};

}  // namespace ganscope::train
