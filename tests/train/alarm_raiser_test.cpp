// Warnings become alarms once per episode (train/run_health.h's AlarmRaiser), and every
// warning the health check writes has an alarm name.
#include <gtest/gtest.h>

#include "train/run_health.h"

using namespace ganscope::train;

namespace {

const std::string kDWon = "D has won: D(G(z)) has stayed below 0.05 ...";
const std::string kNoise = "G's images have gone to noise (neighbouring pixels correlate at 0.01)";

TEST(AlarmRaiser, RaisesWhenAWarningStartsAndAgainOnlyAfterItWasGoneAWhile) {
  AlarmRaiser a;
  EXPECT_EQ(a.update(1000, ""), 0);
  const int won = alarm_named("d-won");
  ASSERT_GT(won, 0);
  EXPECT_EQ(a.update(1100, kDWon), won);
  EXPECT_EQ(a.update(1200, kDWon), 0);            // still the same trouble
  EXPECT_EQ(a.update(1300, ""), 0);
  EXPECT_EQ(a.update(1400, kDWon), 0);            // back within the health window: a flicker
  EXPECT_EQ(a.update(1400 + 501, kDWon), won);    // gone for longer: a new episode
  EXPECT_EQ(a.update(2000, kNoise), alarm_named("noise"));  // another kind is its own
  a.forget();
  EXPECT_EQ(a.update(2001, kDWon), won);
}

// Its state (the checkpoint's "alarms" section) carries an episode across a resume.
TEST(AlarmRaiser, AResumedRunRemembersItsAlarms) {
  AlarmRaiser a;
  EXPECT_GT(a.update(1000, kDWon), 0);
  AlarmRaiser resumed;
  resumed.set_state(a.state() + "no-such-alarm 5\n");  // a newer build's name is passed over
  EXPECT_EQ(resumed.update(1200, kDWon), 0);
  EXPECT_GT(resumed.update(2000, kNoise), 0);
}

TEST(AlarmRaiser, EveryNameIsKnownAndLinksALesson) {
  for (const char* name : alarm_names()) EXPECT_GT(alarm_named(name), 0) << name;
  EXPECT_EQ(alarm_named("no such alarm"), 0);
  EXPECT_EQ(alarm_of_warning(""), 0);
  EXPECT_EQ(alarm_named("diverging"), diverging_alarm());
}

}  // namespace
