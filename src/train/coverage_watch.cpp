#include "train/coverage_watch.h"

#include <algorithm>
#include <cmath>

namespace ganscope::train {

void CoverageWatch::add(std::int64_t step, float coverage, int of, bool images) {
  if (!std::isfinite(coverage)) return;  // a NaN generator's measurement is the guard's business
  if (last_.size() == std::size_t(kWindow)) last_.erase(last_.begin());
  last_.push_back(coverage);
  sign_.images = images;
  sign_.of = of;
  sign_.step = step;
  if (last_.size() < std::size_t(kWindow)) return;
  std::vector<float> sorted = last_;
  std::nth_element(sorted.begin(), sorted.begin() + kWindow / 2, sorted.end());
  sign_.now = sorted[kWindow / 2];
  sign_.best = std::max(sign_.best, sign_.now);
  const bool fell = sign_.now <= kFallShare * sign_.best && sign_.best - sign_.now >= kMinFall;
  const bool never_spread = of > 0 && step >= kLateStep && 2 * sign_.now <= float(of);
  sign_.suspected = fell || never_spread;
}

void CoverageWatch::forget() {
  last_.clear();
  sign_ = CoverageSign{};
}

CoverageSign CoverageWatch::sign() const { return sign_; }

}  // namespace ganscope::train
