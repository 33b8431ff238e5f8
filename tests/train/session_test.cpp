// The thread contract: commands and controls from another thread, counted exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <chrono>
#include <filesystem>
#include <thread>

#include "data/idx.h"
#include "support/test_support.h"
#include "support/train_support.h"
#include "train/image_quality.h"
#include "train/session.h"
#include "train/trainer.h"

using namespace ganscope;
using ganscope::testing::ring_config;
using namespace std::chrono_literals;

namespace {

using ganscope::testing::eventually;

// The 2D presets' models are under the small-model line and train on one thread by default;
// an image model gets the cores (all but one with a UI, never fewer than one).
TEST(Session, DefaultThreadsFollowTheModelsSize) {
  auto ring = train::Trainer::open(train::load_preset("ring"));
  auto mlp = train::Trainer::open(train::load_preset("mlp"));
  ASSERT_LT(ring->flops_per_step(), train::kSmallModelFlops);
  ASSERT_GT(mlp->flops_per_step(), train::kSmallModelFlops);
  EXPECT_EQ(train::default_trainer_threads(false, ring->flops_per_step()), 1);
  EXPECT_EQ(train::default_trainer_threads(true, ring->flops_per_step()), 1);
  const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_EQ(train::default_trainer_threads(false, mlp->flops_per_step()), cores);
  EXPECT_EQ(train::default_trainer_threads(true, mlp->flops_per_step()), std::max(1, cores - 1));
}

// A labelled IDX folder made here (28x28 images: class k is a bright band at row 2k), both
// splits, so the classifier behind the Frechet distance trains in milliseconds.
std::string labelled_folder(const std::string& tag, bool labels) {
  const std::string dir = ganscope::testing::make_temp_dir(tag);
  data::IdxImages images;
  images.count = 300, images.rows = 28, images.cols = 28;
  std::vector<std::uint8_t> classes;
  for (int i = 0; i < images.count; ++i) {
    const int k = i % 10;
    classes.push_back(std::uint8_t(k));
    for (int p = 0; p < 784; ++p)
      images.pixels.push_back(std::uint8_t(p / 28 / 2 == k ? 220 : (p * 7 + i) % 40));
  }
  for (const char* split : {"train", "t10k"}) {
    data::write_idx_images(dir + "/" + split + "-images-idx3-ubyte", images);
    if (labels) data::write_idx_labels(dir + "/" + split + "-labels-idx1-ubyte", classes);
  }
  return dir;
}

// The distance is measured when asked (while paused too) and every N steps while training;
// a reset forgets the run's points; data without labels, or 2D data, say why there is none.
TEST(Session, MeasuresTheFrechetDistanceOfImages) {
  train::Config c = train::load_preset("mlp");
  c.data = labelled_folder("fcd-session", true);
  c.batch = 16;
  train::Session s(c, /*start_paused=*/true);
  s.set_threads(1);
  s.start();
  s.measure_image_quality();
  ASSERT_TRUE(eventually([&] { return s.snapshot()->image.fcd.size() == 1; }));
  auto snap = s.snapshot();
  EXPECT_EQ(snap->image.fcd[0].step, 0);
  const train::ImageQualityStats& q = snap->image.fcd[0].quality;
  EXPECT_GT(q.fcd, 0.0f);
  EXPECT_LE(q.fcd_low, q.fcd);  // the band is centred on the distance
  EXPECT_GE(q.fcd_high, q.fcd);
  EXPECT_GE(q.precision, 0.0f);
  EXPECT_LE(q.recall, 1.0f);
  EXPECT_GE(q.classes, 1.0f);
  EXPECT_LE(q.classes, 10.0f);
  EXPECT_TRUE(snap->image.fcd_status.empty()) << snap->image.fcd_status;

  s.set_image_quality_every(5);
  s.resume();
  ASSERT_TRUE(eventually([&] { return s.snapshot()->image.fcd.size() >= 4; }));
  s.pause();
  snap = s.snapshot();
  for (std::size_t i = 1; i < snap->image.fcd.size(); ++i)
    EXPECT_GE(snap->image.fcd[i].step - snap->image.fcd[i - 1].step, 5) << i;
  // The run's history keeps them: a checkpoint loaded elsewhere has the same points.
  const std::string saved = ganscope::testing::make_temp_dir("fcd-saved") + "/checkpoint";
  s.save(saved);
  ASSERT_TRUE(eventually([&] { return s.snapshot()->notice.rfind("saved", 0) == 0; }));
  auto loaded = train::Trainer::open(c);
  loaded->load(saved);
  const auto points = train::image_quality_points(loaded->history().rows());
  snap = s.snapshot();
  // All but the measurement of step 0, which has no row.
  ASSERT_EQ(points.size() + 1, snap->image.fcd.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(points[i].step, snap->image.fcd[i + 1].step);
    EXPECT_EQ(points[i].quality.fcd, snap->image.fcd[i + 1].quality.fcd);
    EXPECT_EQ(points[i].quality.classes, snap->image.fcd[i + 1].quality.classes);
  }
  s.set_image_quality_every(0);
  s.reset();
  ASSERT_TRUE(eventually([&] { return s.snapshot()->image.fcd.empty() && s.snapshot()->step == 0; }));

  train::Config unlabelled = c;
  unlabelled.data = labelled_folder("fcd-nolabels", false);
  train::Session u(unlabelled, true);
  u.set_threads(1);
  u.start();
  u.measure_image_quality();
  ASSERT_TRUE(eventually([&] { return !u.snapshot()->image.fcd_status.empty() &&
                                      u.snapshot()->image.fcd_status.find("training the") == std::string::npos; }));
  EXPECT_NE(u.snapshot()->image.fcd_status.find("labels"), std::string::npos) << u.snapshot()->image.fcd_status;
  EXPECT_TRUE(u.snapshot()->image.fcd.empty());

  train::Session ring(ring_config(32), true);
  ring.start();
  ring.measure_image_quality();
  ASSERT_TRUE(eventually([&] { return !ring.snapshot()->image.fcd_status.empty(); }));
  EXPECT_NE(ring.snapshot()->image.fcd_status.find("for images"), std::string::npos);
}

TEST(Session, PauseStepResumeCountStepsExactly) {
  train::Session s(ring_config(32), /*start_paused=*/true);
  s.set_threads(1);
  s.start();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(s.step(), 0);
  for (int i = 0; i < 3; ++i) s.step_once();
  ASSERT_TRUE(eventually([&] { return s.step() == 3; }));
  std::this_thread::sleep_for(150ms);
  EXPECT_EQ(s.step(), 3) << "a paused session must not run on";
  EXPECT_TRUE(eventually([&] { return s.snapshot()->step == 3; }));

  s.resume();
  ASSERT_TRUE(eventually([&] { return s.step() > 50; }));
  s.pause();
  ASSERT_TRUE(eventually([&] { return s.paused(); }));
  std::this_thread::sleep_for(50ms);
  auto stopped_at = s.step();
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(s.step(), stopped_at);
  std::vector<train::MetricRow> rows;
  s.history_since(0, rows);
  EXPECT_EQ(std::int64_t(rows.size()), stopped_at);
}

TEST(Session, HyperChangeAppliesAtNextStepAndIsMarked) {
  train::Session s(ring_config(32), true);
  s.set_threads(1);
  s.start();
  s.step_once();
  s.step_once();
  ASSERT_TRUE(eventually([&] { return s.step() == 2; }));
  train::Hyper h = s.hyper();
  h.lr_g = 5e-3f;
  s.set_hyper(h);
  s.step_once();
  ASSERT_TRUE(eventually([&] { return s.step() == 3; }));
  std::vector<train::MetricRow> rows;
  s.history_since(0, rows);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NE(rows[1].lr_g, 5e-3f);
  EXPECT_EQ(rows[2].lr_g, 5e-3f);
  auto marks = s.change_marks();
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].step, 2);
}

TEST(Session, ResetSaveLoadFromAnotherThread) {
  std::string dir = ganscope::testing::make_temp_dir("session");
  train::Session s(ring_config(32), true);
  s.set_threads(1);
  s.start();
  for (int i = 0; i < 5; ++i) s.step_once();
  ASSERT_TRUE(eventually([&] { return s.step() == 5; }));
  s.save(dir + "/c");
  ASSERT_TRUE(eventually([&] { return s.snapshot()->notice.find("saved") != std::string::npos; }));
  auto run_before = s.snapshot()->run_id;
  s.reset();
  ASSERT_TRUE(eventually([&] { return s.step() == 0 && s.snapshot()->run_id != run_before; }));
  s.load(dir + "/c");
  ASSERT_TRUE(eventually([&] { return s.step() == 5; }));
  std::vector<train::MetricRow> rows;
  s.history_since(0, rows);
  EXPECT_EQ(rows.size(), 5u);
  s.load(dir + "/missing");
  ASSERT_TRUE(eventually([&] { return s.snapshot()->notice.find("load failed") != std::string::npos; }));
  EXPECT_EQ(s.step(), 5);  // the run goes on
}

TEST(Session, SnapshotsCarryGridAndAGeneratorCopy) {
  train::Session s(ring_config(32), false);
  s.set_threads(1);
  s.set_publish_interval(0.02);
  s.start();
  auto first = s.snapshot();
  ASSERT_TRUE(eventually([&] { return s.snapshot()->generation > first->generation + 2; }));
  auto snap = s.snapshot();
  EXPECT_FALSE(snap->images);
  EXPECT_EQ(int(snap->grid_points.size()), 2 * snap->grid_count);
  ASSERT_TRUE(snap->generator);
  // The copy reproduces the grid from the fixed latents, off the trainer thread.
  auto out = snap->generator->generate(snap->fixed_latents.data(), snap->grid_count);
  ASSERT_EQ(out.size(), snap->grid_points.size());
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_FLOAT_EQ(out[i], snap->grid_points[i]);
  s.stop();
}

}  // namespace

namespace {

TEST(Session, DivergencePausesAndRollbackLetsTheRunContinue) {
  train::Session s(ring_config(32), false);
  s.set_threads(1);
  s.set_publish_interval(0.5);  // slow sanitizer builds: let the trainer train, not publish
  s.start();
  ASSERT_TRUE(eventually([&] { return s.step() > 120; }));  // a good state is kept every 100
  s.inject_nan_for_test();
  ASSERT_TRUE(eventually([&] { return s.snapshot()->diverged; }));
  auto snap = s.snapshot();
  EXPECT_TRUE(s.paused());
  EXPECT_NE(snap->divergence.find("NaN"), std::string::npos) << snap->divergence;
  EXPECT_NE(snap->notice.find("paused"), std::string::npos) << snap->notice;
  ASSERT_GE(snap->rollback_step, 100);
  s.rollback();
  ASSERT_TRUE(eventually([&] { return !s.snapshot()->diverged; }));
  EXPECT_EQ(s.step(), snap->rollback_step);
  s.resume();
  ASSERT_TRUE(eventually([&] { return s.step() > snap->rollback_step + 100; }));
  EXPECT_FALSE(s.snapshot()->diverged);
}

TEST(Session, AutosavesPeriodicallyAndOnStop) {
  std::string dir = ganscope::testing::make_temp_dir("autosave");
  std::string path = dir + "/auto.ckpt";
  {
    train::Session s(ring_config(32), false);
    s.set_threads(1);
    s.set_autosave(path, 0.2 / 60);  // every 0.2 s
    s.start();
    ASSERT_TRUE(eventually([&] { return s.snapshot()->autosaved_step > 0; }));
    EXPECT_TRUE(std::filesystem::exists(path));
    s.pause();
    ASSERT_TRUE(eventually([&] { return s.paused(); }));
  }  // the destructor stops the session: the final state is saved
  auto t = train::Trainer::open(ring_config(32));
  t->load(path);
  EXPECT_GT(t->steps(), 0);
}

}  // namespace

namespace {

TEST(Session, PaintedPointsBecomeTheTrainingData) {
  train::Session s(ring_config(32), true);
  s.set_threads(1);
  s.start();
  s.set_points({1.0f, 1.0f, 1.1f, 0.9f, 0.9f, 1.05f});
  ASSERT_TRUE(eventually([&] { return s.snapshot()->notice.find("3 painted points") != std::string::npos; }));
  for (int i = 0; i < 5; ++i) s.step_once();
  ASSERT_TRUE(eventually([&] { return s.step() == 5; }));
  EXPECT_NE(s.snapshot()->data_description.find("painted"), std::string::npos);
  s.set_points({});
  ASSERT_TRUE(eventually([&] { return s.snapshot()->notice.find("points refused") != std::string::npos; }));
}

// Painting points is a change of data inside the same run (issue 4): the run keeps its id (so
// the UI keeps its loss and quality history), the history keeps its rows and marks the change,
// and quality goes on being measured, now without modes (painted points have none).
TEST(Session, PaintingKeepsTheRunsHistory) {
  train::Session s(ring_config(32), true);
  s.set_threads(1);
  s.start();
  for (int i = 0; i < 4; ++i) s.step_once();
  ASSERT_TRUE(eventually([&] { return s.step() == 4 && s.snapshot()->step == 4; }));
  const auto before = s.snapshot();
  ASSERT_TRUE(before->plane.quality.has_modes);
  std::vector<train::MetricRow> rows;
  const std::uint64_t id = s.history_since(0, rows);
  ASSERT_EQ(rows.size(), 4u);

  s.set_points({1.0f, 1.0f, 1.1f, 0.9f, 0.9f, 1.05f, -1.0f, 0.5f});
  for (int i = 0; i < 3; ++i) s.step_once();
  ASSERT_TRUE(eventually([&] { return s.step() == 7 && s.snapshot()->step == 7; }));
  const auto after = s.snapshot();
  EXPECT_EQ(after->run_id, before->run_id);
  EXPECT_FALSE(after->plane.quality.has_modes);
  EXPECT_TRUE(std::isfinite(after->plane.quality.js));
  std::vector<train::MetricRow> more;
  EXPECT_EQ(s.history_since(4, more), id) << "the history was restarted";
  EXPECT_EQ(more.size(), 3u);
  bool marked = false;
  for (const auto& m : s.change_marks()) marked |= m.step == 4 && m.what.rfind("data: ", 0) == 0;
  EXPECT_TRUE(marked) << "no 'data:' mark at step 4";
}

}  // namespace

namespace {

// Switching D's variant from the window: the layer table follows the new D and a notice says
// it is new; a packing that does not divide the batch is refused with one line, and the run
// goes on with the D it had. Show EMA reaches the next snapshot.
TEST(Session, VariantSwitchRebuildsDAndBadPackingIsRefused) {
  train::Config c = ring_config(32);
  c.batch = 30;
  train::Session s(c, true);
  s.set_threads(1);
  s.start();
  auto d_rows = [&] {
    std::vector<std::string> out;
    for (const auto& l : s.layers())
      if (l.network == "D") out.push_back(l.layer);
    return out;
  };
  EXPECT_EQ(d_rows()[1], "Linear(2 -> 64)");
  train::Hyper h = s.hyper();
  h.spectral_norm = true;
  h.packing = 2;
  s.set_hyper(h);
  ASSERT_TRUE(eventually([&] { return s.snapshot()->notice.find("a new D") != std::string::npos; }))
      << s.snapshot()->notice;
  EXPECT_EQ(d_rows()[1], "SpectralNorm(Linear(4 -> 64))");
  h.packing = 4;
  s.set_hyper(h);
  ASSERT_TRUE(eventually([&] {
    return s.snapshot()->notice == "setting refused: packing 4 must divide the batch 30";
  })) << s.snapshot()->notice;
  EXPECT_EQ(s.hyper().packing, 2);
  s.step_once();
  ASSERT_TRUE(eventually([&] { return s.step() == 1; }));
  s.set_show_ema(true);
  ASSERT_TRUE(eventually([&] { return s.snapshot()->ema_shown; }));
}

}  // namespace

namespace {

// The grid's frames: step 0 at once, then every 200 steps, each frame the whole grid; a reset
// forgets them. The nearest training images of a sample come back as asked, the nearest first.
TEST(Session, KeepsTheGridsFramesAndFindsASamplesNearestImages) {
  train::Config c = train::load_preset("mlp");
  c.data = labelled_folder("frames-session", false);
  c.batch = 16;
  c.holdout = 0;
  // A small model: 401 steps must stay quick under ThreadSanitizer too (mlp's took over 60 s).
  auto linear = [](int units) {
    train::LayerSpec l;
    l.type = "linear";
    l.units = units;
    return l;
  };
  train::LayerSpec leaky, tanh;
  leaky.type = "leaky_relu";
  tanh.type = "tanh";
  c.latent_dim = 16;
  c.generator = {linear(32), leaky, linear(784), tanh};
  c.discriminator = {linear(32), leaky, linear(1)};
  train::Session s(c, /*start_paused=*/true);
  s.set_threads(1);
  auto snap = s.snapshot();
  ASSERT_EQ(snap->grid_frames.size(), 1u);
  EXPECT_EQ(snap->grid_frames[0]->step, 0);
  EXPECT_EQ(snap->grid_frames[0]->pixels, snap->grid_pixels);
  EXPECT_EQ(snap->grid_frames[0]->scores, snap->grid_scores);
  s.start();
  s.pause_at(401);
  s.resume();
  ASSERT_TRUE(eventually([&] { return s.step() == 401 && s.snapshot()->paused; }));
  snap = s.snapshot();
  ASSERT_EQ(snap->grid_frames.size(), 3u);
  EXPECT_EQ(snap->grid_frames[2]->step, 400);
  EXPECT_EQ(snap->grid_frames[2]->pixels.size(), std::size_t(snap->grid_count) * 784);
  EXPECT_EQ(snap->grid_frames[2]->scores.size(), std::size_t(snap->grid_count));

  s.find_nearest(3);
  ASSERT_TRUE(eventually([&] { return s.snapshot()->image.nearest != nullptr; }));
  auto nearest = s.snapshot()->image.nearest;
  EXPECT_TRUE(nearest->status.empty()) << nearest->status;
  EXPECT_EQ(nearest->sample, 3);
  EXPECT_EQ(nearest->step, 401);
  EXPECT_EQ(nearest->searched, 300);
  ASSERT_EQ(nearest->indices.size(), std::size_t(train::Session::kNearestCount));
  EXPECT_EQ(nearest->pixels.size(), 5u * 784);
  for (std::size_t i = 1; i < nearest->distances.size(); ++i)
    EXPECT_GE(nearest->distances[i], nearest->distances[i - 1]);

  s.reset();
  ASSERT_TRUE(eventually([&] { return s.snapshot()->step == 0 && !s.snapshot()->image.nearest; }));
  snap = s.snapshot();
  ASSERT_EQ(snap->grid_frames.size(), 1u);  // step 0 of the new run only
  EXPECT_EQ(snap->grid_frames[0]->step, 0);
}

}  // namespace
