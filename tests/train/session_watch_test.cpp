// A session watching a run that trains elsewhere (train/session.h, "Watching"): a Trainer in
// the test plays `ganscope train`, writing the folder as train does; the session follows its
// rows, marks, checkpoints and frames, and steers it only through control.json.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/metrics_log.h"
#include "support/test_support.h"
#include "support/train_support.h"
#include "train/frame_file.h"
#include "train/run_control.h"
#include "train/session.h"
#include "train/trainer.h"
#include "train/timelapse.h"

using namespace ganscope;

namespace {

struct WatchedRun {
  std::string dir = ganscope::testing::make_temp_dir("watched");
  train::Config config = ganscope::testing::ring_config(32);
  std::unique_ptr<train::Trainer> trainer = train::Trainer::open(config);
  std::string rows = cli::MetricsLog::header();

  // `steps` more steps, their rows in metrics.csv (the first with `change`), and a save.
  void train(int steps, const std::string& change = "") {
    for (int i = 0; i < steps; ++i) {
      trainer->step();
      rows += cli::MetricsLog::format(trainer->last(), i == 0 ? change : "");
    }
    ganscope::testing::write_file(dir + "/metrics.csv", rows);  // appended: same file
    trainer->save(dir + "/checkpoint");
  }
  train::ControlOrders orders() const {
    return train::parse_control(ganscope::testing::read_file(dir + "/control.json"), "control.json");
  }
};

TEST(SessionWatch, FollowsTheRowsTheMarksAndTheCheckpoint) {
  WatchedRun run;
  ganscope::testing::write_file(run.dir + "/config.json", train::to_json(run.config));
  run.train(20);
  train::Session session(train::Trainer::open(run.config), run.config, true);
  session.watch(run.dir);
  EXPECT_EQ(run.orders().refresh, train::Session::kWatchRefreshSeconds);  // train saves often now
  EXPECT_EQ(run.orders().save, 1);  // and at once
  session.start();
  EXPECT_TRUE(ganscope::testing::eventually([&] { return session.snapshot()->step == 20; }, 20));
  EXPECT_EQ(session.snapshot()->watching, run.dir);
  EXPECT_EQ(session.step(), 20);

  train::Hyper h = run.trainer->hyper();
  h.lr_d = 1e-4f;
  run.trainer->set_hyper(h);  // as train does on an order: the mark comes with the next row
  run.train(10, "lr_d 0.001 -> 0.0001");
  EXPECT_TRUE(ganscope::testing::eventually([&] { return session.snapshot()->watched_step == 30; }, 20));
  std::vector<train::MetricRow> rows;
  session.history_since(0, rows);
  EXPECT_EQ(rows.size(), 30u);
  const std::vector<train::ChangeMark> marks = session.change_marks();
  ASSERT_FALSE(marks.empty());
  EXPECT_EQ(marks.back().step, 20);
  EXPECT_EQ(marks.back().what, "lr_d 0.001 -> 0.0001");
  EXPECT_TRUE(ganscope::testing::eventually([&] { return session.hyper().lr_d == 1e-4f; }, 20));
  session.stop();
  EXPECT_EQ(run.orders().refresh, 0);  // no one watches
  EXPECT_EQ(run.trainer->steps(), 30);
}

TEST(SessionWatch, SteersOnlyThroughTheControlFile) {
  WatchedRun run;
  run.train(5);
  train::TimelapseSource frames;
  frames.grid_count = 1;
  for (std::int64_t step : {0, 200}) {
    auto f = std::make_shared<train::GridFrame>();
    f->step = step;
    f->points = {0.5f, -0.5f};
    f->scores = {0.5f};
    frames.frames.push_back(f);
  }
  train::save_frames(run.dir + "/frames", frames);
  train::Session session(train::Trainer::open(run.config), run.config, true);
  session.watch(run.dir);
  session.start();
  EXPECT_TRUE(ganscope::testing::eventually([&] { return session.snapshot()->grid_frames.size() == 2; }, 20));

  train::Hyper h = session.hyper();
  h.lr_g = 5e-5f;
  session.set_hyper(h, false);  // a drag: nothing sent yet
  session.set_hyper(h, true);   // the release
  EXPECT_TRUE(ganscope::testing::eventually([&] { return run.orders().seq == 1; }, 20));
  EXPECT_EQ(train::apply_hyper_settings(run.trainer->hyper(), run.orders().settings, "sent"), h)
      << run.orders().settings;  // lr_g alone
  EXPECT_TRUE(ganscope::testing::eventually([&] { return session.snapshot()->watch_pending; }, 20));
  session.pause();
  EXPECT_TRUE(ganscope::testing::eventually([&] { return run.orders().paused; }, 20));
  session.save("");  // the run saves in its own folder
  EXPECT_TRUE(ganscope::testing::eventually([&] { return run.orders().save == 2; }, 20));  // one at the start, one asked
  const std::string copy = ganscope::testing::make_temp_dir("watched-copy") + "/copy.ckpt";
  session.save(copy);  // this window's copy, as last read, to a file of the user's
  EXPECT_TRUE(ganscope::testing::eventually([&] { return std::filesystem::exists(copy); }, 20));
  EXPECT_EQ(run.orders().save, 2);
  session.save(run.dir + "/checkpoint");  // the run's own file: refused
  EXPECT_TRUE(ganscope::testing::eventually(
      [&] { return session.snapshot()->notice.find("only its train writes") != std::string::npos; }, 20));
  auto reread = train::Trainer::open(run.config);
  reread->load(copy);
  EXPECT_EQ(reread->steps(), 5);
  session.step_once();
  session.reset();
  EXPECT_TRUE(ganscope::testing::eventually(
      [&] { return session.snapshot()->notice.find("trains elsewhere") != std::string::npos; }, 20));
  EXPECT_EQ(session.snapshot()->step, 5);  // nothing stepped here
  session.stop();
  EXPECT_EQ(ganscope::testing::names_in(run.dir),
            (std::vector<std::string>{"checkpoint", "control.json", "frames", "metrics.csv"}));
}

}  // namespace
