#include <gtest/gtest.h>

#include "train/history.h"

using namespace ganscope::train;

namespace {

TEST(History, StaysBoundedOverAMillionStepsAndKeepsTheWholeRun) {
  History h(10000);
  std::uint64_t version = h.version();
  for (std::int64_t s = 1; s <= 1000000; ++s) {
    MetricRow r;
    r.step = s;
    r.loss_d = float(s);
    h.append(r);
  }
  auto rows = h.rows();
  EXPECT_LE(rows.size(), 10000u);
  EXPECT_GT(rows.size(), 5000u);
  EXPECT_EQ(rows.front().step, 1);
  EXPECT_EQ(rows.back().step, 1000000);
  for (std::size_t i = 1; i < rows.size(); ++i) ASSERT_LT(rows[i - 1].step, rows[i].step);
  // The most recent steps are at full resolution.
  for (std::size_t i = rows.size() - 1000; i < rows.size(); ++i)
    ASSERT_EQ(rows[i].step, rows[i - 1].step + 1);
  // Thinning renumbers rows, so readers are told to fetch again.
  EXPECT_NE(h.version(), version);
}

// Rows that hold a measurement (here one in 100, as train records quality) outlive thinning:
// 200,000 steps through 10,000 rows keep all 2,000 of them. When every row holds one, they
// thin among themselves and the history stays bounded.
TEST(History, ThinningKeepsTheRowsThatHoldAMeasurement) {
  for (const int every : {100, 1}) {
    History h(10000);
    for (std::int64_t s = 1; s <= 200000; ++s) {
      MetricRow r;
      r.step = s;
      r.has_quality = s % every == 0;
      h.append(r);
    }
    const auto rows = h.rows();
    EXPECT_LE(rows.size(), 10000u);
    int measured = 0;
    for (const MetricRow& r : rows) measured += r.has_quality;
    if (every == 100) {
      EXPECT_EQ(measured, 2000);
    }
    for (std::size_t i = 1; i < rows.size(); ++i) ASSERT_LT(rows[i - 1].step, rows[i].step);
  }
}

TEST(History, SinceAppendsOnlyNewRows) {
  History h;
  for (int s = 1; s <= 5; ++s) {
    MetricRow r;
    r.step = s;
    h.append(r);
  }
  std::vector<MetricRow> out;
  auto v = h.since(3, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].step, 4);
  EXPECT_EQ(v, h.version());
  h.clear();
  EXPECT_NE(h.version(), v);
  EXPECT_EQ(h.size(), 0u);
}

}  // namespace
