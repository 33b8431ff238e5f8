// Full training states kept to branch from (train/state_store.h): within the budget however
// long the run, the first and the newest kept, older ones spaced wider than newer ones.
#include <gtest/gtest.h>

#include "train/state_store.h"

using namespace ganscope;

namespace {

TEST(StateStore, AHundredThousandStepsStayWithinTheBudget) {
  constexpr std::size_t kState = 1000, kBudget = 10 * kState;
  train::StateStore store(100, kBudget, 64);
  std::size_t adds = 0;
  for (std::int64_t step = 0; step <= 100000; ++step) {
    if (!store.due(step)) continue;
    store.add(step, std::string(kState, 'x'));
    ++adds;
    ASSERT_LE(store.bytes(), kBudget) << "at step " << step;
    ASSERT_EQ(store.states().back().step, step);  // the newest always
  }
  EXPECT_EQ(adds, 1000u);  // every 100 steps from 100
  const auto& states = store.states();
  ASSERT_GE(states.size(), 5u);
  EXPECT_EQ(states.front().step, 100);  // the run's start stays covered
  for (std::size_t i = 2; i < states.size(); ++i)
    EXPECT_GE(states[i - 1].step - states[i - 2].step, states[i].step - states[i - 1].step)
        << "older states are spaced at least as wide as newer ones";
  std::size_t sum = 0;
  for (const auto& s : states) sum += s.bytes->size();
  EXPECT_EQ(sum, store.bytes());
}

TEST(StateStore, ABudgetSmallerThanAStateKeepsTheNewest) {
  train::StateStore store(10, 5, 64);
  store.add(10, "0123456789");
  store.add(20, "abcdefghij");
  ASSERT_EQ(store.states().size(), 1u);
  EXPECT_EQ(store.states().back().step, 20);
  EXPECT_EQ(*store.states().back().bytes, "abcdefghij");
}

TEST(StateStore, TheStateToGoBackToAndForgettingAfterIt) {
  train::StateStore store(10, 1 << 20, 64);
  EXPECT_FALSE(store.due(0));  // step 0 is a new run's: nothing to go back to
  for (std::int64_t step : {10, 20, 30}) store.add(step, std::to_string(step));
  store.add(25, "late");  // not after the newest: ignored
  EXPECT_EQ(store.states().size(), 3u);
  EXPECT_EQ(store.at_or_before(5), nullptr);
  EXPECT_EQ(store.at_or_before(29)->step, 20);
  EXPECT_EQ(store.at_or_before(30)->step, 30);
  store.forget_after(15);
  ASSERT_EQ(store.states().size(), 1u);
  EXPECT_EQ(store.bytes(), 2u);
  EXPECT_TRUE(store.due(20));
  store.forget_after(-1);
  EXPECT_TRUE(store.states().empty());
  EXPECT_EQ(store.bytes(), 0u);
}

}  // namespace
