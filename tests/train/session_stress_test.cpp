// Stress for the thread contract (DESIGN.md): several threads fire thousands of random Controls
// and Commands at one running Session while another reads it the way the UI does, checking
// what the UI relies on. Afterwards the session must still train and stop. Under
// ThreadSanitizer (scripts/test.sh runs the "Session" tests there) any data race fails it.
//
// GANSCOPE_STRESS_SECONDS sets how long the threads fire (default 4; 2 under TSan, where
// everything runs about ten times slower).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "support/test_support.h"
#include "train/session.h"

using namespace ganscope;
using Clock = std::chrono::steady_clock;

namespace {

constexpr bool kUnderTsan =
#if defined(__SANITIZE_THREAD__)
    true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
    true;
#else
    false;
#endif
#else
    false;
#endif

double stress_seconds() {
  if (const char* text = std::getenv("GANSCOPE_STRESS_SECONDS"); text && *text) {
    const double seconds = std::atof(text);
    if (seconds > 0) return seconds;
  }
  return kUnderTsan ? 2.0 : 4.0;
}

// Invariant violations found on any thread, kept for the main thread to report.
class Violations {
 public:
  void add(const std::string& what) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
    if (found_.size() < 20) found_.push_back(what);
  }
  int count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }
  std::string report() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string text;
    for (const std::string& f : found_) text += "  " + f + "\n";
    return text;
  }

 private:
  mutable std::mutex mutex_;
  int count_ = 0;
  std::vector<std::string> found_;
};

train::Hyper random_hyper(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> log_lr(std::log10(1e-5), std::log10(1e-2));
  std::uniform_real_distribution<float> beta1(0.0f, 0.9f);
  std::uniform_int_distribution<int> d_steps(1, 3);
  train::Hyper h;
  h.lr_d = float(std::pow(10.0, log_lr(rng)));
  h.lr_g = float(std::pow(10.0, log_lr(rng)));
  h.beta1 = beta1(rng);
  h.beta2 = rng() % 2 ? 0.999f : 0.99f;
  h.d_steps = d_steps(rng);
  // Any objective of the registry: a switch mid-run must be as safe as a learning rate.
  const auto& games = nn::objectives();
  h.objective = &games[rng() % games.size()];
  // One setting in eight names any optimizer (the others Adam): a switch rebuilds both
  // optimizers on the trainer's thread between steps, while checkpoints and rollbacks go on.
  if (rng() % 8 == 0) h.optimizer = nn::kOptimizerKinds[rng() % 3];
  h.alpha = rng() % 2 ? 0.99f : 0.9f;
  return h;
}

// What the operations threads did, for the log (and to show the test did work).
struct OperationCounts {
  std::atomic<long> total{0};
  std::atomic<long> hyper{0};  // settings, slow motion, the plane's view
  std::atomic<long> commands{0}, files{0}, rollbacks{0}, nans{0};
};

// One thread of random operations with its own seeded RNG. Cheap ones (settings, pause,
// resume, single steps, reads) come every few hundred microseconds; heavy ones (reset, rollback,
// save, load, a NaN) at most every kHeavyEvery, since each costs the trainer a (de)serialization
// or new weights, and a storm of only those would leave no time for training steps to interleave.
// Saves and loads go to this thread's own scratch file; loads before its first save fail (a
// notice), by design.
void fire_operations(train::Session& session, std::uint64_t seed, const std::string& file,
                     Clock::time_point until, long max_operations, OperationCounts& counts,
                     Violations& violations) {
  const auto kHeavyEvery = std::chrono::milliseconds(kUnderTsan ? 300 : 150);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> percent(0, 99);
  std::uniform_int_distribution<int> pause_us(0, 800);
  auto next_heavy = Clock::now() + kHeavyEvery;
  for (long n = 0; n < max_operations && Clock::now() < until; ++n) {
    const int roll = percent(rng);
    if (Clock::now() >= next_heavy) {
      next_heavy = Clock::now() + kHeavyEvery;
      if (roll < 20) {
        session.reset();
        ++counts.commands;
      } else if (roll < 50) {
        session.rollback();
        ++counts.rollbacks;
      } else if (roll < 90) {
        roll % 2 ? session.save(file) : session.load(file);
        ++counts.files;
      } else {
        session.inject_nan_for_test();  // a real divergence for the rollbacks to undo
        ++counts.nans;
      }
    } else if (roll < 20) {
      const train::Hyper h = random_hyper(rng);
      if (const std::string bad = train::validate(h); !bad.empty())
        violations.add("random_hyper made an invalid setting: " + bad);
      session.set_hyper(h);
      ++counts.hyper;
    } else if (roll < 26) {
      session.pause();
      ++counts.commands;
    } else if (roll < 46) {
      session.resume();
      ++counts.commands;
    } else if (roll < 54) {
      session.step_once();
      ++counts.commands;
    } else if (roll < 57) {
      session.step_d_once();
      ++counts.commands;
    } else if (roll < 60) {
      session.step_g_once();
      ++counts.commands;
    } else if (roll < 62) {
      // Slow motion mostly off; when on, short enough that steps still come.
      session.set_slow_motion(roll % 4 == 0 ? 0.002 : 0.0);
      ++counts.hyper;
    } else if (roll < 66) {
      std::uniform_real_distribution<float> corner(-4.0f, 0.0f), extent(0.5f, 6.0f);
      train::PlaneRect view;
      view.x0 = corner(rng);
      view.y0 = corner(rng);
      view.x1 = view.x0 + extent(rng);
      view.y1 = view.y0 + extent(rng);
      session.set_plane_view(view);  // the UI's zoom and pan of the 2D plane
      ++counts.hyper;
    } else {
      // The other accessors a UI thread calls.
      const train::Hyper h = session.hyper();
      if (!train::validate(h).empty())
        violations.add("hyper() returned an invalid setting: " + train::validate(h));
      if (session.step() < 0) violations.add("step() < 0");
      (void)session.paused();
    }
    ++counts.total;
    std::this_thread::sleep_for(std::chrono::microseconds(pause_us(rng)));
  }
}

// What the UI-like reader saw, for the log.
struct ReaderCounts {
  long reads = 0;
  long rows = 0;          // history rows checked
  long renumberings = 0;  // times the history id changed (reset, load, rollback)
  long diverged = 0;      // snapshots showing a divergence
  std::int64_t max_step = 0;
};

// Reads as the UI does, every frame: the snapshot, the history since what it holds (starting
// over when the rows' numbering changes), the change marks; now and then G's copy.
void read_like_the_ui(const train::Session& session, const std::atomic<bool>& done,
                      Violations& violations, ReaderCounts& seen) {
  std::uint64_t last_generation = 0;
  bool have_history = false;
  std::uint64_t history_id = 0;
  std::vector<train::MetricRow> held;
  std::vector<train::MetricRow> rows;
  for (long& reads = seen.reads; !done.load(); ++reads) {
    const std::shared_ptr<const train::Snapshot> snap = session.snapshot();
    if (!snap) {
      violations.add("snapshot() returned null");
      continue;
    }
    const train::Snapshot& s = *snap;
    if (s.generation < last_generation)
      violations.add("generation went back from " + std::to_string(last_generation) + " to " +
                     std::to_string(s.generation));
    last_generation = s.generation;
    const std::size_t n = std::size_t(std::max(s.grid_count, 0));
    if (s.images || s.grid_count <= 0 || s.grid_points.size() != 2 * n ||
        s.grid_scores.size() != n || s.fixed_latents.size() != n * std::size_t(s.latent_dim) ||
        s.plane.real_points.size() % 2 != 0 || !s.generator)
      violations.add("inconsistent snapshot at generation " + std::to_string(s.generation) +
                     ": grid_count " + std::to_string(s.grid_count) + ", points " +
                     std::to_string(s.grid_points.size()) + ", scores " +
                     std::to_string(s.grid_scores.size()) + ", latents " +
                     std::to_string(s.fixed_latents.size()));
    // The 2D plane: a square heatmap, one push per fake, a latent grid of points.
    if (s.plane.heatmap.size() != std::size_t(s.plane.heatmap_size) * std::size_t(s.plane.heatmap_size) ||
        (!s.plane.fake_push.empty() && s.plane.fake_push.size() != s.grid_points.size()) ||
        s.plane.manifold.size() != 2 * std::size_t(s.plane.manifold_rows) * std::size_t(s.plane.manifold_cols))
      violations.add("inconsistent 2D plane at generation " + std::to_string(s.generation) +
                     ": heatmap " + std::to_string(s.plane.heatmap.size()) + " for size " +
                     std::to_string(s.plane.heatmap_size) + ", pushes " +
                     std::to_string(s.plane.fake_push.size()) + ", manifold " +
                     std::to_string(s.plane.manifold.size()));
    if (s.step < 0) violations.add("snapshot step < 0");
    if (s.diverged && s.divergence.empty()) violations.add("diverged without saying why");
    seen.diverged += s.diverged;
    seen.max_step = std::max(seen.max_step, s.step);

    // The latent explorer runs G's copy on the UI thread.
    if (reads % 64 == 0 && s.generator && s.grid_count > 0 &&
        s.fixed_latents.size() == n * std::size_t(s.latent_dim)) {
      const std::vector<float> out = s.generator->generate(s.fixed_latents.data(), s.grid_count);
      if (out.size() != s.grid_points.size())
        violations.add("G's copy made " + std::to_string(out.size()) + " values for a grid of " +
                       std::to_string(s.grid_points.size()));
    }

    rows.clear();
    std::uint64_t id = session.history_since(have_history ? held.size() : 0, rows);
    if (!have_history || id != history_id) {
      // A reset, load, rollback or thinning renumbered the rows: start over, as MetricHistory.
      held.clear();
      rows.clear();
      id = session.history_since(0, rows);
      seen.renumberings += have_history;
      history_id = id;
      have_history = true;
    }
    seen.rows += long(rows.size());
    for (const train::MetricRow& row : rows) {
      if (!held.empty() && row.step <= held.back().step) {
        violations.add("history steps not increasing within one numbering: " +
                       std::to_string(held.back().step) + " then " + std::to_string(row.step));
        break;
      }
      held.push_back(row);
    }

    const std::vector<train::ChangeMark> marks = session.change_marks();
    for (std::size_t i = 0; i < marks.size(); ++i) {
      if (marks[i].step < 0 || marks[i].what.empty())
        violations.add("change mark at step " + std::to_string(marks[i].step) + ": '" +
                       marks[i].what + "'");
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

// Polls until cond holds or `seconds` pass.
template <typename F>
bool within(double seconds, F cond) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return cond();
}

TEST(SessionStress, RandomControlsAndCommandsFromManyThreads) {
  const std::string dir = ganscope::testing::make_temp_dir("session-stress");
  train::Config cfg = train::load_preset("ring");
  cfg.batch = 32;
  train::Session session(cfg);
  session.set_threads(1);
  session.set_publish_interval(0.05);  // twice the UI's rate: more chances to race
  session.start();
  const std::uint64_t first_generation = session.snapshot()->generation;

  const double seconds = stress_seconds();
  const long max_operations = kUnderTsan ? 6000 : 100000;
  const int thread_count = 4;
  const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(seconds));
  Violations violations;
  OperationCounts counts;
  std::atomic<bool> done{false};
  ReaderCounts seen;

  std::thread reader([&] { read_like_the_ui(session, done, violations, seen); });
  std::vector<std::thread> workers;
  for (int t = 0; t < thread_count; ++t) {
    const std::uint64_t seed = 1000 + std::uint64_t(t);
    const std::string file = dir + "/thread" + std::to_string(t) + ".ckpt";
    workers.emplace_back([&, seed, file] {
      fire_operations(session, seed, file, until, max_operations, counts, violations);
    });
  }
  for (std::thread& w : workers) w.join();
  const auto fired_at = Clock::now();

  // Whatever state the storm left (paused, diverged, a NaN not yet stepped on, odd settings):
  // pause, and save to a marker file; the queue is applied in order, so once the marker exists
  // every command of the storm has been applied.
  const double patience = kUnderTsan ? 120 : 30;
  const std::string marker = dir + "/drained.ckpt";
  session.pause();
  session.save(marker);
  EXPECT_TRUE(within(patience, [&] { return std::filesystem::exists(marker); }))
      << "the commands of the storm were not applied within " << patience << " s";
  const auto drained_at = Clock::now();
  // A diverged run refuses steps: roll back (or start over without a good state) first. Then
  // one step shows a pending NaN, which is recovered from the same way; then sane settings,
  // resume, and the session must train on.
  auto recover = [&] {
    if (const auto snap = session.snapshot(); snap->diverged) {
      snap->rollback_step >= 0 ? session.rollback() : session.reset();
      EXPECT_TRUE(within(patience, [&] { return !session.snapshot()->diverged; }));
    }
  };
  recover();
  const std::int64_t before = session.step();
  session.step_once();
  EXPECT_TRUE(within(patience, [&] {
    return session.step() == before + 1 && session.snapshot()->step == before + 1;
  }));
  recover();
  session.set_hyper(cfg.hyper);
  session.set_slow_motion(0);
  session.resume();
  EXPECT_TRUE(within(patience, [&] { return !session.paused(); }))
      << "the final resume was not applied within " << patience << " s";
  const std::int64_t resumed_at = session.step();
  const int progress = kUnderTsan ? 5 : 20;
  EXPECT_TRUE(within(patience, [&] { return session.step() >= resumed_at + progress; }))
      << "no progress after the storm: step " << session.step() << " (resumed at " << resumed_at
      << ")";
  EXPECT_GT(session.snapshot()->generation, first_generation);

  done = true;
  reader.join();
  const auto stop_begins = Clock::now();
  session.stop();
  const double stop_seconds = std::chrono::duration<double>(Clock::now() - stop_begins).count();
  EXPECT_LT(stop_seconds, kUnderTsan ? 30.0 : 5.0) << "stop() took " << stop_seconds << " s";
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);

  EXPECT_EQ(violations.count(), 0) << violations.report();
  EXPECT_GT(counts.total.load(), kUnderTsan ? 200 : 2000) << "too few operations to stress";
  EXPECT_GT(seen.reads, 100) << "the UI-like reader barely ran";
  EXPECT_GT(seen.renumberings, 0) << "no reset, load or rollback reached the reader";
  std::printf(
      "[ stress ] %.1f s: %ld operations (%ld settings, %ld commands, %ld file, %ld rollbacks, "
      "%ld NaN injections)\n"
      "[ stress ] reader: %ld reads, %ld history rows, %ld renumberings, %ld diverged snapshots, "
      "steps up to %lld\n"
      "[ stress ] storm applied %.2f s after it ended; final step %lld; stop() %.3f s\n",
      seconds, counts.total.load(), counts.hyper.load(), counts.commands.load(),
      counts.files.load(), counts.rollbacks.load(), counts.nans.load(), seen.reads, seen.rows,
      seen.renumberings, seen.diverged, static_cast<long long>(seen.max_step),
      std::chrono::duration<double>(drained_at - fired_at).count(),
      static_cast<long long>(session.step()), stop_seconds);
}

}  // namespace
