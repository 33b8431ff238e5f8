// The "D overfits" sign of run_health.h on rows whose answer is known.
#include <gtest/gtest.h>

#include <vector>

#include "train/run_health.h"

using namespace ganscope;
using train::MetricRow;

namespace {

// 300 rows, measured every 100 steps, with D at `seen` on training images, `heldout` on
// held-out ones and 0.1 on fakes.
std::vector<MetricRow> measured_rows(float seen, float heldout) {
  std::vector<MetricRow> out(300);
  for (std::size_t i = 0; i < out.size(); ++i) {
    MetricRow& r = out[i];
    r.step = std::int64_t(i + 1);
    r.d_real = seen, r.d_fake = 0.1f, r.grad_norm_g = 1, r.grad_norm_d = 1;
    r.has_heldout = r.step % 100 == 0;
    r.d_seen = seen, r.d_heldout = heldout, r.heldout_gap = seen - heldout;
    r.d_probe_fake = 0.1f;
  }
  return out;
}

TEST(OverfitWarning, HeldOutImagesFarTowardsTheFakesWarn) {
  const train::Hyper h;
  // 0.9 -> 0.5 is half the way to the fakes' 0.1.
  const std::string w = train::history_warning(measured_rows(0.9f, 0.5f), h);
  EXPECT_EQ(w.rfind("D overfits: it scores real images it has not trained on 0.50, against 0.90", 0), 0u) << w;
  EXPECT_STREQ(train::lesson_for_warning(w), "5-d-overfits");
}

TEST(OverfitWarning, ASmallGapOrTooFewMeasurementsDoNot) {
  const train::Hyper h;
  EXPECT_EQ(train::history_warning(measured_rows(0.9f, 0.8f), h), "");  // an eighth of the way
  auto rows = measured_rows(0.9f, 0.5f);
  rows.resize(250);  // two measurements
  EXPECT_EQ(train::history_warning(rows, h), "");
  // One good measurement among the last three is enough to hold off.
  rows = measured_rows(0.9f, 0.5f);
  rows[199].heldout_gap = 0.0f;
  EXPECT_EQ(train::history_warning(rows, h), "");
}

}  // namespace
