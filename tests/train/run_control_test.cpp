// RUN/control.json's orders (train/run_control.h): what a steerer may write, read back, and
// what is refused with the file named.
#include <gtest/gtest.h>

#include <chrono>

#include "support/test_support.h"
#include "train/run_control.h"

using namespace ganscope;

namespace {

TEST(RunControl, OrdersRoundTrip) {
  train::ControlOrders o;
  o.seq = 3;
  o.settings = R"({"lr_d":0.0001})";
  o.paused = true;
  o.save = 2;
  o.alive = 7;
  const train::ControlOrders back = train::parse_control(train::control_json(o), "c.json");
  EXPECT_EQ(back.seq, 3);
  EXPECT_EQ(back.settings, o.settings);
  EXPECT_TRUE(back.paused);
  EXPECT_EQ(back.save, 2);
  EXPECT_EQ(back.alive, 7);
  EXPECT_EQ(train::parse_control("{}", "c.json").seq, 0);  // nothing ordered
}

TEST(RunControl, WhatIsNotOrdersIsRefusedNamingTheFile) {
  for (const char* bad : {"junk", "[1]", R"({"seq": -1})", R"({"seq": 1.5})", R"({"paused": 1})",
                          R"({"settings": [1]})", R"({"sequence": 1})", R"({"alive": -2})"}) {
    try {
      train::parse_control(bad, "RUN/control.json");
      ADD_FAILURE() << bad << " was accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("RUN/control.json"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(train::parse_control(std::string(70000, ' '), "c.json"), std::runtime_error);
}

TEST(RunControl, AFileIsReadWhenItChanges) {
  const std::string dir = ganscope::testing::make_temp_dir("control");
  train::ControlFile file(dir + "/control.json");
  std::string text;
  EXPECT_FALSE(file.changed(text));  // not there yet
  ganscope::testing::write_file(dir + "/control.json", R"({"seq": 1})");
  EXPECT_TRUE(file.changed(text));
  EXPECT_EQ(text, R"({"seq": 1})");
  EXPECT_FALSE(file.changed(text));
  ganscope::testing::write_file(dir + "/control.json", R"({"seq": 22})");  // another size
  EXPECT_TRUE(file.changed(text));
  EXPECT_EQ(text, R"({"seq": 22})");
}

TEST(RunControl, RefreshIsOffOrSomeSeconds) {
  train::ControlOrders o;
  o.refresh = 10;
  EXPECT_EQ(train::parse_control(train::control_json(o), "c.json").refresh, 10);
  EXPECT_EQ(train::parse_control("{}", "c.json").refresh, 0);
  for (const char* bad : {R"({"refresh": 0.01})", R"({"refresh": -5})", R"({"refresh": "10"})", R"({"refresh": 1e9})"})
    EXPECT_THROW(train::parse_control(bad, "c.json"), std::runtime_error) << bad;
}

// The window's side: every change is a whole new file, and the counts go on from the file's.
TEST(RunControl, ASenderGoesOnFromTheFileItFinds) {
  const std::string dir = ganscope::testing::make_temp_dir("control-send");
  const std::string path = dir + "/control.json";
  ganscope::testing::write_file(path, R"({"seq": 4, "save": 2, "paused": true})");
  train::ControlSender sender(path);
  EXPECT_TRUE(sender.orders().paused);
  sender.send_settings("{}");  // nothing to send: nothing written
  EXPECT_EQ(train::parse_control(ganscope::testing::read_file(path), path).seq, 4);
  sender.send_settings(R"({"lr_d":0.0001})");
  sender.ask_save();
  sender.set_paused(false);
  sender.set_refresh(10);
  const train::ControlOrders o = train::parse_control(ganscope::testing::read_file(path), path);
  EXPECT_EQ(o.seq, 5);
  EXPECT_EQ(o.save, 3);
  EXPECT_FALSE(o.paused);
  EXPECT_EQ(o.refresh, 10);
  EXPECT_EQ(o.settings, R"({"lr_d":0.0001})");
  EXPECT_EQ(ganscope::testing::names_in(dir), std::vector<std::string>{"control.json"});  // no temporary left

  // A damaged file: counts above any a trainer has seen, so the next change is acted on.
  ganscope::testing::write_file(path, "{\"seq\": 9");
  train::ControlSender after_damage(path);
  EXPECT_GT(after_damage.orders().seq, 1000000000);
}

// A window's refresh lasts while its alive count moves; a killed window's lapses after
// kRefreshLeaseSeconds, and a script's refresh without a count lasts.
TEST(RunControl, ACountedRefreshLapsesWhenTheCountStops) {
  using Clock = train::RefreshLease::Clock;
  const Clock::time_point t0 = Clock::now();
  const auto at = [&](double s) { return t0 + std::chrono::milliseconds(std::int64_t(s * 1000)); };
  train::ControlOrders o;
  o.refresh = 10;
  o.alive = 1;
  train::RefreshLease lease;
  lease.update(o, at(0));
  EXPECT_EQ(lease.seconds(at(170)), 10);
  o.alive = 2;  // renewed at 170 s: good until 350 s
  lease.update(o, at(170));
  lease.update(o, at(300));  // the same count read again renews nothing
  EXPECT_EQ(lease.seconds(at(340)), 10);
  EXPECT_FALSE(lease.lapsed(at(340)));
  EXPECT_EQ(lease.seconds(at(360)), 0);
  EXPECT_TRUE(lease.lapsed(at(360)));
  o.alive = 3;  // a window again
  lease.update(o, at(400));
  EXPECT_EQ(lease.seconds(at(401)), 10);

  train::ControlOrders script;
  script.refresh = 30;
  train::RefreshLease forever;
  forever.update(script, at(0));
  EXPECT_EQ(forever.seconds(at(100000)), 30);
  EXPECT_FALSE(forever.lapsed(at(100000)));
  script.refresh = 0;
  forever.update(script, at(100001));
  EXPECT_EQ(forever.seconds(at(100002)), 0);
}

// keep_alive counts on from the file's count (two windows on one run count together).
TEST(RunControl, KeepAliveCountsOnFromTheFile) {
  const std::string dir = ganscope::testing::make_temp_dir("control-alive");
  const std::string path = dir + "/control.json";
  ganscope::testing::write_file(path, R"({"seq": 1, "alive": 5, "refresh": 10})");
  train::ControlSender a(path), b(path);
  a.keep_alive();
  b.keep_alive();
  const train::ControlOrders o = train::parse_control(ganscope::testing::read_file(path), path);
  EXPECT_EQ(o.alive, 7);
  EXPECT_EQ(o.refresh, 10);
}

}  // namespace
