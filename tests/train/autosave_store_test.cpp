// The window's autosaves: one file per run, the newest few per preset kept, in-use files left
// alone, and the lock that keeps two windows off one file.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <utime.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "support/test_support.h"
#include "support/train_support.h"
#include "train/autosave_store.h"
#include "train/file_lock.h"
#include "train/session.h"
#include "train/trainer.h"

using namespace ganscope;
using ganscope::testing::ring_config;
namespace fs = std::filesystem;

namespace {

// A checkpoint of `steps` steps of cfg at path, dated `age_seconds` ago.
void save_run(const train::Config& cfg, int steps, const std::string& path, int age_seconds) {
  auto t = train::Trainer::open(cfg);
  for (int i = 0; i < steps; ++i) t->step();
  t->save(path);
  struct utimbuf times {};
  times.actime = times.modtime = std::time(nullptr) - age_seconds;
  ASSERT_EQ(::utime(path.c_str(), &times), 0);
}

TEST(FileLock, SecondHolderIsRefusedAndToldWho) {
  const std::string dir = ganscope::testing::make_temp_dir("lock");
  const std::string path = dir + "/.run.lock";
  auto first = train::FileLock::try_acquire(path, "ganscope train");
  ASSERT_TRUE(first);
  std::string holder;
  // flock belongs to the open file, so a second open in the same process is refused as
  // another process would be.
  EXPECT_FALSE(train::FileLock::try_acquire(path, "ganscope gui", &holder));
  EXPECT_NE(holder.find("ganscope train"), std::string::npos) << holder;
  EXPECT_NE(holder.find("pid "), std::string::npos) << holder;
  EXPECT_TRUE(train::FileLock::held_elsewhere(path));
  first.reset();
  EXPECT_FALSE(fs::exists(path));  // the holder removes it when it lets go
  EXPECT_FALSE(train::FileLock::held_elsewhere(path));
  EXPECT_TRUE(train::FileLock::try_acquire(path, "ganscope gui"));
}

TEST(FileLock, AFolderThatCannotHoldItIsAClearError) {
  try {
    train::FileLock::try_acquire("/nonexistent-folder/x.lock", "test");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-folder/x.lock"), std::string::npos);
  }
}

TEST(AutosaveStore, ListsRunsNewestFirstWithTheirModelAndStep) {
  const std::string dir = ganscope::testing::make_temp_dir("store");
  train::AutosaveStore store(dir);
  const std::string a = store.new_path("ring");
  save_run(ring_config(32), 3, a, 100);
  const std::string b = store.new_path("ring");
  EXPECT_NE(a, b);  // one file per run, even within the same second
  save_run(ring_config(32), 5, b, 10);
  // Files of the old naming (one per preset) still list, their preset read from the name.
  save_run(ring_config(32), 7, dir + "/autosave-ring.previous.ckpt", 50);
  ganscope::testing::write_file(dir + "/autosave-ring-damaged.ckpt", "not a checkpoint");
  ganscope::testing::write_file(dir + "/notes.txt", "not an autosave");

  const auto runs = store.list("ring");
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].run.path, b);
  EXPECT_EQ(runs[0].run.step, 5);
  EXPECT_EQ(runs[0].run.config.name, "ring");
  EXPECT_EQ(runs[1].run.step, 7);
  EXPECT_EQ(runs[1].run.config.name, "ring");
  EXPECT_EQ(runs[2].run.path, a);
  EXPECT_TRUE(store.list("mlp").empty());
  EXPECT_TRUE(store.holds(a));
  EXPECT_FALSE(store.holds(dir + "/notes.txt"));
}

TEST(AutosaveStore, NewestFreeSkipsARunOpenInAnotherWindow) {
  const std::string dir = ganscope::testing::make_temp_dir("store");
  train::AutosaveStore store(dir);
  const std::string old_run = store.new_path("ring");
  save_run(ring_config(32), 2, old_run, 100);
  const std::string new_run = store.new_path("ring");
  save_run(ring_config(32), 4, new_run, 1);
  auto lock = train::FileLock::try_acquire(train::AutosaveStore::lock_path(new_run), "ganscope gui");
  ASSERT_TRUE(lock);
  train::AutosaveStore::Entry e;
  ASSERT_TRUE(store.newest_free("", e));
  EXPECT_EQ(e.run.path, old_run);
  EXPECT_TRUE(store.list()[0].in_use);
}

TEST(AutosaveStore, PruneKeepsTheNewestFivePerPresetAndNeverTheSpareOrAnInUseOne) {
  const std::string dir = ganscope::testing::make_temp_dir("store");
  train::AutosaveStore store(dir);
  std::vector<std::string> paths;
  for (int i = 0; i < 8; ++i) {  // paths[0] is the oldest
    paths.push_back(store.new_path("ring"));
    save_run(ring_config(32), 1, paths.back(), 1000 - 10 * i);
  }
  auto lock = train::FileLock::try_acquire(train::AutosaveStore::lock_path(paths[1]), "gui");
  // paths[0] is the run this window writes (the spare); paths[1] is open elsewhere.
  EXPECT_EQ(store.prune("ring", paths[0]), 1);
  EXPECT_TRUE(fs::exists(paths[0]));
  EXPECT_TRUE(fs::exists(paths[1]));
  EXPECT_FALSE(fs::exists(paths[2]));
  for (int i = 3; i < 8; ++i) EXPECT_TRUE(fs::exists(paths[i])) << i;
}

TEST(AutosaveStore, ADisabledStoreSavesAndListsNothing) {
  train::AutosaveStore store("");
  EXPECT_FALSE(store.enabled());
  EXPECT_EQ(store.new_path("ring"), "");
  EXPECT_TRUE(store.list().empty());
}

// A Reset with a new autosave file saves the run it ends in the old file first.
TEST(AutosaveStore, SessionResetKeepsTheEndedRunInItsOwnFile) {
  const std::string dir = ganscope::testing::make_temp_dir("store");
  const std::string first = dir + "/autosave-ring-a.ckpt", second = dir + "/autosave-ring-b.ckpt";
  {
    train::Session s(ring_config(32), false);
    s.set_threads(1);
    s.set_autosave(first, 1000);
    s.start();
    while (s.step() < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    s.reset(second);
    while (s.snapshot()->autosave_path != second || s.step() < 5)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const auto ended = train::read_saved_run(first);
  const auto fresh = train::read_saved_run(second);
  EXPECT_GE(ended.step, 20);
  EXPECT_GE(fresh.step, 5);
  EXPECT_EQ(ended.config.name, "ring");
}

}  // namespace
