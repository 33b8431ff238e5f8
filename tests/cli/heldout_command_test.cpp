// The held-out split as a user sets it: train_size and holdout on the command line, D's
// scores in metrics.csv, and a split that leaves nothing to train on refused with a message.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_support.h"

using ganscope::testing::csv_fields;
using ganscope::testing::make_temp_dir;
using ganscope::testing::read_file;
using ganscope::testing::run_command;

namespace {

std::string train_mlp(const std::string& dir, const std::string& sets) {
  return ganscope::testing::ganscope_bin() + " train --preset mlp --steps 100 --threads 1 " + sets +
         " --out " + dir;
}

TEST(HeldoutCommand, ScoresTheTestSplitEveryHundredSteps) {
  const std::string dir = make_temp_dir("heldout_cli") + "/run";
  const auto r = run_command(train_mlp(dir, "--set train_size=300"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("the first 300"), std::string::npos) << r.out;
  const std::string csv = read_file(dir + "/metrics.csv");
  const std::size_t at = csv.find("\n100,");
  ASSERT_NE(at, std::string::npos);
  const std::string row = csv.substr(at + 1, csv.find('\n', at + 1) - at - 1);
  // Columns d_seen and d_heldout (before the alarm): D's mean on 256 training and 256 test
  // images, probabilities.
  const std::vector<std::string> fields = csv_fields(row);
  ASSERT_EQ(fields.size(), 28u) << row;
  const double seen = std::stod(fields[20]), heldout = std::stod(fields[21]);
  EXPECT_GT(seen, 0) << row;
  EXPECT_LT(seen, 1) << row;
  EXPECT_GT(heldout, 0) << row;
  EXPECT_LT(heldout, 1) << row;
}

TEST(HeldoutCommand, RefusesASplitWithNothingLeftToTrainOn) {
  const std::string dir = make_temp_dir("heldout_refused") + "/run";
  const auto r = run_command(train_mlp(dir, "--set holdout=60000"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("holdout 60000 leaves none of its 60000 examples to train on"),
            std::string::npos)
      << r.err;
  const auto big = run_command(train_mlp(dir, "--set train_size=70000"));
  EXPECT_NE(big.exit_code, 0);
  EXPECT_NE(big.err.find("train_size 70000 is more than the 60000 examples"), std::string::npos)
      << big.err;
}

}  // namespace
