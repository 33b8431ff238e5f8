// The window's copy of the history keeps the alarms its rows carry, for the plots' marks.
#include <gtest/gtest.h>

#include "app/metric_history.h"
#include "train/run_health.h"

using namespace ganscope;

TEST(MetricHistoryAlarms, KeepsEachRowsAlarmInStepOrder) {
  std::vector<train::MetricRow> rows(5);
  for (int i = 0; i < 5; ++i) rows[std::size_t(i)].step = i + 1;
  rows[1].alarm = std::uint8_t(train::alarm_named("d-won"));
  rows[4].alarm = std::uint8_t(train::alarm_named("d-overfits"));
  app::MetricHistory h;
  h.append({rows.begin(), rows.begin() + 3});
  h.append({rows.begin() + 3, rows.end()});
  ASSERT_EQ(h.alarms().size(), 2u);
  EXPECT_EQ(h.alarms()[0].step, 2);
  EXPECT_EQ(h.alarms()[0].kind, train::alarm_named("d-won"));
  EXPECT_EQ(h.alarms()[1].step, 5);
}
