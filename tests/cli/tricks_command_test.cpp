// The tricks from the command line: --set packing that does not divide the batch is one line
// and exit 1 before anything is written; sample --ema samples G's average, and says so when a
// run keeps none.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "support/test_support.h"

namespace {

using ganscope::testing::ganscope_bin;
using ganscope::testing::line_count;
using ganscope::testing::read_file;
using ganscope::testing::run_command;

TEST(TricksCommand, PackingThatDoesNotDivideTheBatchIsOneLine) {
  const std::string dir = ganscope::testing::make_temp_dir("tricks-cli");
  auto r = run_command(
      ganscope_bin() +
      " train --data ring8 --steps 5 --threads 1 --set batch=50 --set packing=4 --out " + dir +
      "/run");
  EXPECT_EQ(r.exit_code, 1);  // a config error, as any bad --set
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("--set packing=4: packing 4 must divide the batch 50"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/run"));
}

TEST(TricksCommand, SampleEmaUsesTheAverage) {
  const std::string dir = ganscope::testing::make_temp_dir("tricks-ema");
  auto r = run_command(
      ganscope_bin() +
      " train --data ring8 --steps 30 --threads 1 --set ema_beta=0.9 --set packing=2 --out " + dir +
      "/run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(ganscope_bin() + " sample --run " + dir + "/run --n 20 --out " + dir + "/g.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(ganscope_bin() + " sample --run " + dir + "/run --n 20 --ema --out " + dir +
                  "/ema.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(line_count(read_file(dir + "/ema.csv")), 21);
  EXPECT_NE(read_file(dir + "/g.csv"), read_file(dir + "/ema.csv"));

  r = run_command(ganscope_bin() +
                  " train --data ring8 --steps 3 --threads 1 --set ema_beta=0 --out " + dir +
                  "/off");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(ganscope_bin() + " sample --run " + dir + "/off --n 20 --ema --out " + dir +
                  "/x.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("keeps no average of G (its ema_beta is 0)"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/x.csv"));
}

}  // namespace
