// Branch from here (train/session.h): the run goes back to a kept full state and goes on from
// it with the settings set now; the rows it leaves become the abandoned branch. With the same
// settings the new branch retraces the old one exactly: the state holds G, D, both optimizers
// and the random draws.
#include <gtest/gtest.h>

#include "support/test_support.h"
#include "support/train_support.h"
#include "train/session.h"

using namespace ganscope;
using ganscope::testing::eventually;

namespace {

std::vector<train::MetricRow> rows_of(const train::Session& s) {
  std::vector<train::MetricRow> rows;
  s.history_since(0, rows);
  return rows;
}

TEST(SessionBranch, TheSameSettingsRetraceTheBranchLeft) {
  train::Session s(ganscope::testing::ring_config(32), false);
  s.set_threads(1);
  s.set_state_store(50, std::size_t(1) << 30);
  s.pause_at(300);
  s.start();
  ASSERT_TRUE(eventually([&] { return s.paused() && s.step() == 300; }));
  ASSERT_TRUE(eventually([&] { return s.snapshot()->step == 300; }));
  EXPECT_EQ(s.snapshot()->kept_states, (std::vector<std::int64_t>{50, 100, 150, 200, 250, 300}));
  const std::vector<train::MetricRow> before = rows_of(s);
  s.branch(170);  // the latest state at or before it: 150
  ASSERT_TRUE(eventually([&] { return s.snapshot()->abandoned != nullptr; }));
  const auto abandoned = s.snapshot()->abandoned;
  EXPECT_EQ(abandoned->from_step, 150);
  ASSERT_EQ(abandoned->rows.size(), 150u);
  EXPECT_EQ(abandoned->rows.front().step, 151);
  EXPECT_EQ(s.step(), 150);
  EXPECT_EQ(rows_of(s).size(), 150u);
  EXPECT_EQ(s.snapshot()->kept_states.back(), 150);
  EXPECT_EQ(s.change_marks().back().what, "branched from step 150");
  s.pause_at(200);
  s.resume();
  ASSERT_TRUE(eventually([&] { return s.paused() && s.step() == 200; }));
  const std::vector<train::MetricRow> after = rows_of(s);
  ASSERT_EQ(after.size(), 200u);
  for (std::size_t i = 150; i < 200; ++i) {
    EXPECT_EQ(after[i].loss_d, before[i].loss_d) << "step " << after[i].step;
    EXPECT_EQ(after[i].loss_g, before[i].loss_g) << "step " << after[i].step;
  }
}

TEST(SessionBranch, NewSettingsStartTheNewBranchAndTheBudgetHolds) {
  train::Session s(ganscope::testing::ring_config(32), false);
  s.set_threads(1);
  const std::size_t budget = 4 * std::size_t(600) << 10;  // about four ring states
  s.set_state_store(20, budget);
  s.pause_at(400);
  s.start();
  std::size_t most = 0;
  ASSERT_TRUE(eventually([&] {
    most = std::max(most, s.snapshot()->kept_state_bytes);
    return s.paused() && s.snapshot()->step == 400;
  }));
  EXPECT_LE(most, budget);
  ASSERT_FALSE(s.snapshot()->kept_states.empty());
  EXPECT_LE(s.snapshot()->kept_state_bytes, budget);
  EXPECT_EQ(s.snapshot()->kept_states.back(), 400);
  EXPECT_EQ(s.snapshot()->kept_states.front(), 20);  // the start stays covered
  s.branch(10);  // before the first state kept
  ASSERT_TRUE(eventually([&] { return s.snapshot()->notice.find("nothing to branch from") != std::string::npos; }));
  EXPECT_EQ(s.step(), 400);
  train::Hyper h = s.hyper();
  h.lr_d = 1e-4f;
  s.set_hyper(h);
  const std::int64_t back_to = s.snapshot()->kept_states.front();
  s.branch(back_to);
  ASSERT_TRUE(eventually([&] { return s.snapshot()->abandoned != nullptr; }));
  EXPECT_EQ(s.step(), back_to);
  EXPECT_EQ(s.hyper().lr_d, 1e-4f);
  const std::vector<train::ChangeMark> marks = s.change_marks();
  bool lr_marked = false;
  for (const auto& m : marks) lr_marked |= m.step == back_to && m.what.rfind("lr_d", 0) == 0;
  EXPECT_TRUE(lr_marked) << "the new setting is marked where the branch starts";
}

}  // namespace
