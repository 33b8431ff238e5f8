// RUN/control.json's orders (train/run_control.h): what a steerer may write, read back, and
// what is refused with the file named.
#include <gtest/gtest.h>

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
  const train::ControlOrders back = train::parse_control(train::control_json(o), "c.json");
  EXPECT_EQ(back.seq, 3);
  EXPECT_EQ(back.settings, o.settings);
  EXPECT_TRUE(back.paused);
  EXPECT_EQ(back.save, 2);
  EXPECT_EQ(train::parse_control("{}", "c.json").seq, 0);  // nothing ordered
}

TEST(RunControl, WhatIsNotOrdersIsRefusedNamingTheFile) {
  for (const char* bad : {"junk", "[1]", R"({"seq": -1})", R"({"seq": 1.5})", R"({"paused": 1})",
                          R"({"settings": [1]})", R"({"sequence": 1})"}) {
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

}  // namespace
