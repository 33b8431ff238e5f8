// The grid's frame store: its interval, its thinning rule, its budget and forget_after.
#include <gtest/gtest.h>

#include "train/grid_frames.h"

using ganscope::train::GridFrame;
using ganscope::train::GridFrameStore;

namespace {

std::shared_ptr<const GridFrame> frame_at(std::int64_t step) {
  auto f = std::make_shared<GridFrame>();
  f->step = step;
  f->pixels.assign(4, std::uint8_t(step % 256));
  f->scores.assign(1, float(step));
  return f;
}

// Adds a frame at every step the store says is due, for steps [0, last].
void run_frames(GridFrameStore& store, std::int64_t last) {
  for (std::int64_t step = 0; step <= last; ++step)
    if (store.due(step)) store.add(frame_at(step));
}

std::vector<std::int64_t> steps_of(const GridFrameStore& store) {
  std::vector<std::int64_t> steps;
  for (const auto& f : store.frames()) steps.push_back(f->step);
  return steps;
}

TEST(GridFrameStore, KeepsAFrameEveryIntervalOnce) {
  GridFrameStore store(200, 64);
  EXPECT_TRUE(store.due(0));
  EXPECT_FALSE(store.due(100));
  store.add(frame_at(0));
  EXPECT_FALSE(store.due(0));  // kept already
  EXPECT_TRUE(store.due(200));
  store.add(frame_at(200));
  store.add(frame_at(200));  // a second frame at a kept step is ignored
  EXPECT_EQ(steps_of(store), (std::vector<std::int64_t>{0, 200}));
}

// Full at 8: the older half (0, 1, 2, 3) loses its odd positions, the newer half stays.
TEST(GridFrameStore, ThinsTheOlderHalfWhenFull) {
  GridFrameStore store(1, 8);
  run_frames(store, 7);
  ASSERT_EQ(store.frames().size(), 8u);
  store.add(frame_at(8));
  EXPECT_EQ(steps_of(store), (std::vector<std::int64_t>{0, 2, 4, 5, 6, 7, 8}));
}

// 100,000 steps at 200 a frame (501 frames offered): never more than 64 kept, the first and
// the newest always there, steps increasing, and the newer half still 200 apart.
TEST(GridFrameStore, ALongRunStaysWithinTheBudgetAndKeepsTheNewest) {
  GridFrameStore store(200, 64);
  std::size_t most = 0;
  for (std::int64_t step = 0; step <= 100000; ++step) {
    if (!store.due(step)) continue;
    store.add(frame_at(step));
    most = std::max(most, store.frames().size());
    ASSERT_EQ(store.frames().back()->step, step);
  }
  EXPECT_LE(most, 64u);
  const auto steps = steps_of(store);
  EXPECT_GE(steps.size(), 32u);
  EXPECT_EQ(steps.front(), 0);
  EXPECT_EQ(steps.back(), 100000);
  for (std::size_t i = 1; i < steps.size(); ++i) ASSERT_LT(steps[i - 1], steps[i]) << i;
  for (std::size_t i = steps.size() - 16; i < steps.size(); ++i) EXPECT_EQ(steps[i] - steps[i - 1], 200) << i;
}

// A rollback to step 450 drops the frames after it; the next due frame is 600. A reset
// (step -1) drops them all, and step 0 is due again.
TEST(GridFrameStore, ForgetsTheFramesAfterARestoredStep) {
  GridFrameStore store(200, 64);
  run_frames(store, 1000);
  store.forget_after(450);
  EXPECT_EQ(steps_of(store), (std::vector<std::int64_t>{0, 200, 400}));
  EXPECT_FALSE(store.due(500));
  EXPECT_TRUE(store.due(600));
  store.forget_after(-1);
  EXPECT_TRUE(store.frames().empty());
  EXPECT_TRUE(store.due(0));
}

// Published frames stay as they were when the store thins or forgets: the UI may hold them.
TEST(GridFrameStore, AFrameHeldOutsideOutlivesTheStore) {
  GridFrameStore store(1, 4);
  run_frames(store, 3);
  const auto held = store.frames();
  store.forget_after(-1);
  ASSERT_EQ(held.size(), 4u);
  EXPECT_EQ(held[1]->step, 1);
  EXPECT_EQ(held[1]->scores[0], 1.0f);
}

}  // namespace
