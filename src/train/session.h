// Session: the trainer thread and the UI-facing side of the thread contract (docs/design.md, "Threads").
//
// The trainer thread owns the models. Other threads talk to it only through this class:
// set_hyper (Controls), the command methods (a mutex-guarded queue) and snapshot() /
// history_since() (published results). None of them waits for a training step.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "train/config.h"
#include "train/grid_frames.h"
#include "train/hyper.h"
#include "train/metrics_row.h"
#include "train/run_control.h"
#include "train/run_follower.h"
#include "train/snapshot.h"
#include "train/snapshot_builder.h"
#include "train/state_store.h"

namespace ganscope::train {

class Trainer;
class ImageQualityTracker;

// Threads to train with when the user names none: all cores, or all but one when a UI shares
// the machine; one for a model under kSmallModelFlops per step, whose GEMMs (64 x 64 x 256
// for the ring) are too small to split. Measured with `ganscope bench --threads T`, 3 rounds:
// the ring preset (26 MFLOP) ran 2,150-2,300 steps/s on one thread and 900-2,100 on two,
// while the width-128 ring (96 MFLOP) still gained from two (740-800 against 630-720).
constexpr double kSmallModelFlops = 50e6;
int default_trainer_threads(bool gui, double flops_per_step);

class Session {
 public:
  // Builds the trainer from cfg (loads data, builds models; throws on error) without starting.
  explicit Session(const Config& cfg, bool start_paused = false);
  // A session of a trainer already built (a watching window's, which may have no data).
  Session(std::unique_ptr<Trainer> trainer, const Config& cfg, bool start_paused);
  ~Session();  // stops the thread and joins it
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start();
  void stop();

  // Commands: queued, applied by the trainer thread between steps.
  void pause();
  void resume();
  void step_once();    // while paused: exactly one step
  void step_d_once();  // while paused: one D update only
  void step_g_once();  // while paused: one G update only (on fresh fakes)
  // New weights, same fixed latents, step back to 0. With a path, the run so far is
  // autosaved first and the new run autosaves to that path from then on, so a reset never
  // overwrites the run it ends.
  void reset(const std::string& new_autosave_path = "");
  void save(const std::string& path);
  void load(const std::string& path);
  // After a divergence (NaN/Inf or an exploding loss; training pauses itself): restore the
  // last good state kept in memory. Training stays paused until resume().
  void rollback();

  // Autosave: every `minutes` of wall-clock time while training, and when the session stops.
  // Empty path: off. Failures show as a notice; training goes on.
  void set_autosave(const std::string& path, double minutes);

  // Controls: the trainer picks them up before its next step, keeping optimizer state. While
  // a slider is dragged the UI sends mark = false; the release sends mark = true, and the
  // whole drag becomes one change mark.
  void set_hyper(const Hyper& h, bool mark = true);
  Hyper hyper() const;

  // Latest published snapshot (never null after construction).
  std::shared_ptr<const Snapshot> snapshot() const;

  // Appends history rows [from, end) to out; returns an id of the rows' numbering. When it
  // differs from the one the caller holds (a reset, a load, a rollback, or the history thinning
  // its older rows), the caller should clear its copy and fetch again from 0.
  std::uint64_t history_since(std::size_t from, std::vector<MetricRow>& out) const;
  std::vector<ChangeMark> change_marks() const;

  std::int64_t step() const { return step_.load(); }
  // G's and D's layers, for the model table. G's are fixed for the session's life (a checkpoint
  // of another architecture is refused); D's change with its variant (spectral_norm, packing).
  std::vector<LayerSummary> layers() const;

  // Show G's average (ema_beta > 0) instead of G: the snapshots' grid, plane and quality and
  // the explorer's generator come from it from the next snapshot on. Training is unchanged.
  void set_show_ema(bool on);
  // A conditional grid's rows (Trainer::set_grid_class): -1 a row per class, else one class.
  void set_grid_class(int label);
  bool paused() const { return paused_.load(); }

  // OpenMP/Eigen threads for training; 0 (the default): all cores but one, left for the UI.
  void set_threads(int n);

  // Pace: at most this many steps a second (0: as fast as the machine goes), so that a run
  // that finds its modes in seconds can be watched.
  void set_max_steps_per_second(double steps);

  // Seconds between snapshots while running (the grid and histograms refresh this often), at
  // least: an expensive snapshot comes less often (kSnapshotShare).
  void set_publish_interval(double seconds);

  // Pauses by itself once the step counter reaches `step` (whole steps; -1: never), so that a
  // lesson's script acts at its step exactly rather than a frame's worth of steps later.
  void pause_at(std::int64_t step) { pause_at_ = step; }

  // Slow motion: while running, each step is split into its D and its G update, each
  // published with what it changed, `seconds` apart. 0 turns it off.
  void set_slow_motion(double seconds);
  // 2D data: the rectangle of the plane the heatmap covers (the UI's zoom and pan).
  void set_plane_view(const PlaneRect& view);

  // 2D data: train on these points (x, y pairs) from the next step, e.g. points painted in
  // the plot. An empty or non-2D set is refused with a notice.
  void set_points(std::vector<float> xy);

  // Images: the classifier Frechet distance of G (train/image_quality.h) into the snapshot's
  // fcd points, now, and every `steps` steps while training (0: only when asked). The first
  // measurement trains the classifier: a few seconds without steps, said in fcd_status.
  void measure_image_quality();
  void set_image_quality_every(std::int64_t steps);

  // Images: the kNearestCount training images nearest grid sample `sample` as last published,
  // into the snapshots' `nearest` (train/snapshot.h) from the next snapshot on. A reset, a
  // load or a rollback drops the answer.
  static constexpr int kNearestCount = 5;
  void find_nearest(int sample);

  // Watching (`gui --watch RUN`): before start(), makes this a session that never trains but
  // follows a run folder a `ganscope train` elsewhere writes (train/run_follower.h): its
  // metrics.csv rows become the history (their change column the marks), each new checkpoint
  // G's and D's weights (the history stays the file's), the frames file the grid's past.
  // set_hyper, pause, resume and save("") become orders in RUN/control.json (train/run_control.h),
  // which train acts on and acknowledges in metrics.csv, so the marks come back with its rows;
  // the orders also ask train to save every kWatchRefreshSeconds while this session lives.
  // save(path) saves this window's copy (the checkpoint as last read, with the rows followed).
  // Stepping, reset, rollback, branches and painted points are refused with a notice. Nothing
  // but the control file is written in RUN; a folder that refuses it leaves the window watching
  // without steering, with a notice.
  static constexpr double kWatchRefreshSeconds = 10;
  void watch(const std::string& run_dir);
  // A session watching run_dir, of a trainer of cfg with its data when this machine has it (the
  // plane's real points, the nearest images), else without (notice says so).
  static std::unique_ptr<Session> watching(const Config& cfg, const std::string& run_dir, std::string& notice);
  bool watching() const { return watch_ != nullptr; }

  // Branch from here: training goes back to the latest full state kept at or before `step`
  // (train/state_store.h: every StateStore::kStateEvery steps, within its budget) and goes on
  // from there with the settings set now, as a new branch of the run: the history after that
  // step, the frames and the states after it are dropped, and the rows dropped become the
  // snapshots' `abandoned` branch, which the loss plot draws faded. A mark says where.
  void branch(std::int64_t step);
  // Tests: the store's interval and budget (before start()).
  void set_state_store(std::int64_t every, std::size_t budget_bytes);

  // Test hook: poisons G with a NaN at the next step, as a numerical blow-up would.
  void inject_nan_for_test();

 private:
  enum class CommandKind { Pause, Resume, StepOnce, StepD, StepG, Reset, Save, Load, Rollback, InjectNan, SetPoints, MeasureFcd, FindNearest, Branch };
  struct Command {
    CommandKind kind;
    std::string path = "";
    std::vector<float> points = {};
    int sample = -1;
    std::int64_t step = -1;
  };

  void push(Command c);
  void run();
  void apply_commands();
  void apply_hyper();
  // label: the sub-step just taken ("D update"), described against `before`.
  void publish(const std::string& label = "", const Snapshot* before = nullptr);
  void keep_frame(Snapshot& s);
  void run_substep(int kind);
  void idle(double seconds);
  void after_step();
  void autosave(bool final_save);
  void sync_hyper_from_trainer();
  void sync_layers();  // after D may have been rebuilt
  void measure_fcd();
  void find_nearest_now(int sample);  // session_nearest.cpp
  void branch_now(std::int64_t step);  // session_branch.cpp
  void keep_state();                   // session_branch.cpp: after a step, when due
  // session_watch.cpp, trainer thread: what the folder brought; the window's changes as orders.
  struct Watch {
    explicit Watch(const std::string& dir) : follower(dir), sender(follower.control()) {}
    RunFollower follower;
    ControlSender sender;
    Hyper sent;            // the settings the run has, or has been sent
    bool pending = false;  // sent, not yet seen in a checkpoint
    std::chrono::steady_clock::time_point sent_at;
    std::int64_t last_row_step = -1;
    std::chrono::steady_clock::time_point alive_at;  // the last keep_alive
  };
  void follow();
  bool watch_command(const Command& c);  // false: a command the watched run takes as usual
  void send_hyper(const Hyper& h, bool mark);
  void load_watched_checkpoint();

  std::unique_ptr<Trainer> trainer_;
  mutable std::mutex layers_mutex_;
  std::vector<LayerSummary> layers_;  // under layers_mutex_
  std::uint64_t layers_d_builds_ = 0;  // trainer thread only: Trainer::d_builds() of layers_
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> paused_{false};
  std::atomic<std::int64_t> step_{0};
  std::atomic<std::int64_t> pause_at_{-1};

  mutable std::mutex command_mutex_;
  std::condition_variable wake_;
  std::deque<Command> commands_;
  std::deque<int> pending_steps_;  // trainer thread only: StepKinds asked for while paused

  mutable std::mutex hyper_mutex_;
  Hyper hyper_;
  bool hyper_mark_ = true;  // under hyper_mutex_: whether the latest set_hyper marks
  std::atomic<std::uint64_t> hyper_version_{0};
  std::uint64_t applied_hyper_version_ = 0;  // trainer thread only

  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const Snapshot> snapshot_;

  // Held while the run changes identity (reset, load) so that history_since never pairs rows
  // of one run with the run_id of another.
  mutable std::mutex run_mutex_;
  std::uint64_t run_id_ = 0;

  std::atomic<double> publish_interval_{0.1};
  // A snapshot stalls training while it is built: they come at most every publish_interval_,
  // and no more often than keeps their building under kSnapshotShare of the time (a dcgan
  // snapshot takes about 30 ms: one every 0.3 s instead of 0.1; the ring's 12 ms: 0.12 s).
  static constexpr double kSnapshotShare = 0.1;
  double last_publish_seconds_ = 0;  // how long the last periodic publish took
  std::atomic<double> slow_motion_{0};
  std::atomic<double> max_steps_per_second_{0};
  PlaneRect view_;                  // under hyper_mutex_
  bool view_changed_ = false;       // under hyper_mutex_
  bool show_ema_ = false;           // under hyper_mutex_
  int grid_class_ = -1;             // under hyper_mutex_
  std::atomic<int> threads_{0};
  std::atomic<std::int64_t> fcd_every_{0};
  std::string autosave_path_;      // under command_mutex_
  double autosave_minutes_ = 5;    // under command_mutex_
  // Trainer thread only:
  std::uint64_t generation_ = 0;
  std::string notice_;
  bool was_diverged_ = false;
  std::chrono::steady_clock::time_point last_autosave_time_;
  std::unique_ptr<ImageQualityTracker> fcd_;  // images: the Frechet distance's meter
  GridFrameStore frames_;  // images: the grid every kFrameEvery steps, into each snapshot
  StateStore states_;      // full states to branch from
  SnapshotBuilder builder_;
  std::shared_ptr<const Snapshot::AbandonedBranch> abandoned_;
  std::shared_ptr<const NearestImages> nearest_;  // the last find_nearest's answer
  std::int64_t autosaved_step_ = -1;
  std::unique_ptr<Watch> watch_;  // set before start(), then the trainer thread's
};

}  // namespace ganscope::train
