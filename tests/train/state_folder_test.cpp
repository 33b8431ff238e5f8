// RUN/states (train/state_folder.h): a headless run's full states on disk, within the budget
// however many are written, taken up again on a resume without those after its step.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"
#include "train/state_folder.h"

using namespace ganscope;

namespace {

TEST(StateFolder, StaysWithinItsBudgetOnDisk) {
  const std::string dir = ganscope::testing::make_temp_dir("states") + "/states";
  train::StateFolder folder(dir, 0, 5 * 100, 10);
  for (std::int64_t step = 10; step <= 1000; step += 10) folder.add(step, std::string(100, 's'));
  std::uintmax_t on_disk = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) on_disk += e.file_size();
  EXPECT_LE(on_disk, 500u);
  const std::vector<std::int64_t> steps = train::state_steps(dir);
  ASSERT_GE(steps.size(), 3u);
  EXPECT_EQ(steps.front(), 10);
  EXPECT_EQ(steps.back(), 1000);
  EXPECT_EQ(steps.size(), folder.store().states().size());
}

TEST(StateFolder, AResumeKeepsTheStatesUpToItsStepAndIgnoresOtherFiles) {
  const std::string dir = ganscope::testing::make_temp_dir("states-resume");
  {
    train::StateFolder folder(dir, 0, 1 << 20, 10);
    for (std::int64_t step : {10, 20, 30}) folder.add(step, "state " + std::to_string(step));
  }
  ganscope::testing::write_file(dir + "/step-x1", "not a state's name");
  ganscope::testing::write_file(dir + "/notes", "mine");
  train::StateFolder resumed(dir, 25, 1 << 20, 10);  // the checkpoint was of step 25
  EXPECT_EQ(train::state_steps(dir), (std::vector<std::int64_t>{10, 20}));
  EXPECT_FALSE(resumed.due(20));
  EXPECT_TRUE(resumed.due(30));
  resumed.add(30, "state 30 again");
  EXPECT_EQ(ganscope::testing::read_file(train::state_path(dir, 30)), "state 30 again");
  EXPECT_EQ(ganscope::testing::read_file(dir + "/notes"), "mine");
}

}  // namespace
