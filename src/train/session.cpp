#include "train/session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "nn/threads.h"
#include "train/run_health.h"
#include "train/image_quality.h"
#include "train/trainer.h"

namespace ganscope::train {

using Clock = std::chrono::steady_clock;

int default_trainer_threads(bool gui, double flops_per_step) {
  if (flops_per_step < kSmallModelFlops) return 1;
  int cores = int(std::max(1u, std::thread::hardware_concurrency()));
  return gui ? std::max(1, cores - 1) : cores;
}

Session::Session(const Config& cfg, bool start_paused) : Session(Trainer::open(cfg), cfg, start_paused) {}

Session::Session(std::unique_ptr<Trainer> trainer, const Config& cfg, bool start_paused)
    : trainer_(std::move(trainer)), layers_(trainer_->layer_summaries()),
      layers_d_builds_(trainer_->d_builds()), hyper_(cfg.hyper), fcd_(std::make_unique<ImageQualityTracker>(image_data_folder(cfg))) {
  paused_ = start_paused;
  publish();
}

Session::~Session() { stop(); }

void Session::set_threads(int n) { threads_ = n; }

void Session::start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { run(); });
}

void Session::stop() {
  stop_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Session::push(Command c) {
  {
    std::lock_guard<std::mutex> lock(command_mutex_);
    commands_.push_back(std::move(c));
  }
  wake_.notify_all();
}

void Session::pause() { push({CommandKind::Pause, ""}); }
void Session::resume() { push({CommandKind::Resume, ""}); }
void Session::step_once() { push({CommandKind::StepOnce, ""}); }
void Session::step_d_once() { push({CommandKind::StepD, ""}); }
void Session::step_g_once() { push({CommandKind::StepG, ""}); }

void Session::set_slow_motion(double seconds) {
  slow_motion_ = std::max(0.0, seconds);
  wake_.notify_all();
}

void Session::set_plane_view(const PlaneRect& view) {
  std::lock_guard<std::mutex> lock(hyper_mutex_);
  view_ = view;
  view_changed_ = true;
  wake_.notify_all();
}
void Session::set_grid_class(int label) {
  std::lock_guard<std::mutex> lock(hyper_mutex_);
  grid_class_ = label;
  view_changed_ = true;  // a paused session publishes the new view at once
  wake_.notify_all();
}
void Session::set_show_ema(bool on) {
  std::lock_guard<std::mutex> lock(hyper_mutex_);
  show_ema_ = on;
  view_changed_ = true;  // a paused session publishes the new view at once
  wake_.notify_all();
}

std::vector<LayerSummary> Session::layers() const {
  std::lock_guard<std::mutex> lock(layers_mutex_);
  return layers_;
}

void Session::sync_layers() {
  if (trainer_->d_builds() == layers_d_builds_) return;
  layers_d_builds_ = trainer_->d_builds();
  auto layers = trainer_->layer_summaries();
  std::lock_guard<std::mutex> lock(layers_mutex_);
  layers_ = std::move(layers);
}

void Session::reset(const std::string& new_autosave_path) {
  push({CommandKind::Reset, new_autosave_path});
}
void Session::save(const std::string& path) { push({CommandKind::Save, path}); }
void Session::load(const std::string& path) { push({CommandKind::Load, path}); }
void Session::rollback() { push({CommandKind::Rollback, ""}); }
void Session::branch(std::int64_t step) { push({CommandKind::Branch, "", {}, -1, step}); }
void Session::set_state_store(std::int64_t every, std::size_t budget_bytes) { states_ = StateStore(every, budget_bytes); }
void Session::set_points(std::vector<float> xy) { push({CommandKind::SetPoints, "", std::move(xy)}); }
void Session::inject_nan_for_test() { push({CommandKind::InjectNan, ""}); }

void Session::set_autosave(const std::string& path, double minutes) {
  std::lock_guard<std::mutex> lock(command_mutex_);
  autosave_path_ = path;
  autosave_minutes_ = minutes;
}

void Session::set_hyper(const Hyper& h, bool mark) {
  {
    std::lock_guard<std::mutex> lock(hyper_mutex_);
    hyper_ = h;
    hyper_mark_ = mark;
  }
  ++hyper_version_;
  wake_.notify_all();
}

Hyper Session::hyper() const {
  std::lock_guard<std::mutex> lock(hyper_mutex_);
  return hyper_;
}

std::shared_ptr<const Snapshot> Session::snapshot() const {
  std::lock_guard<std::mutex> lock(snapshot_mutex_);
  return snapshot_;
}

std::uint64_t Session::history_since(std::size_t from, std::vector<MetricRow>& out) const {
  std::lock_guard<std::mutex> lock(run_mutex_);
  std::uint64_t version = trainer_->history().since(from, out);
  return (run_id_ << 32) ^ version;
}

std::vector<ChangeMark> Session::change_marks() const { return trainer_->history().marks(); }

void Session::set_publish_interval(double seconds) { publish_interval_ = seconds; }

void Session::set_max_steps_per_second(double steps) {
  max_steps_per_second_ = std::max(0.0, steps);
  wake_.notify_all();
}

// Trainer thread from here on.

void Session::apply_hyper() {
  if (hyper_version_.load() == applied_hyper_version_) return;
  applied_hyper_version_ = hyper_version_.load();
  Hyper h;
  bool mark = true;
  {
    std::lock_guard<std::mutex> lock(hyper_mutex_);
    h = hyper_;
    mark = hyper_mark_;
  }
  if (watch_) return send_hyper(h, mark);
  const std::string before_notice = notice_;
  try {
    const Hyper before = trainer_->hyper();
    trainer_->set_hyper(h, mark);
    if (trainer_->d_builds() != layers_d_builds_)
      notice_ = "a new D: " + std::string(h.spectral_norm != before.spectral_norm
                                              ? "spectral normalisation switched"
                                              : "packing changed") +
                ", so D starts from new weights and a fresh optimizer; G is kept";
    sync_layers();
  } catch (const std::exception& e) {
    notice_ = std::string("setting refused: ") + e.what();
    std::lock_guard<std::mutex> lock(hyper_mutex_);
    hyper_ = trainer_->hyper();
  }
  // A paused run publishes only when asked: what the user must read (a refusal, a new D) and
  // the new D's heatmap are published now.
  if (paused_ && notice_ != before_notice) publish();
}

void Session::apply_commands() {
  std::deque<Command> todo;
  {
    std::lock_guard<std::mutex> lock(command_mutex_);
    todo.swap(commands_);
  }
  for (const Command& c : todo) {
    if (watch_ && watch_command(c)) continue;
    switch (c.kind) {
      case CommandKind::Pause: paused_ = true; pending_steps_.clear(); break;
      case CommandKind::Resume:
      case CommandKind::StepOnce:
      case CommandKind::StepD:
      case CommandKind::StepG:
        // Training on from a diverged state would only spread the NaN: roll back first.
        if (trainer_->diverged()) {
          notice_ = "training diverged (" + trainer_->divergence() +
                    "): roll back, reset or load before going on";
        } else if (c.kind == CommandKind::Resume) {
          paused_ = false;
        } else if (paused_) {
          pending_steps_.push_back(int(c.kind == CommandKind::StepOnce ? StepKind::Both
                                       : c.kind == CommandKind::StepD  ? StepKind::DOnly
                                                                       : StepKind::GOnly));
        }
        break;
      case CommandKind::Reset: {
        if (!c.path.empty()) {
          autosave(true);
          std::lock_guard<std::mutex> lock(command_mutex_);
          autosave_path_ = c.path;
          autosaved_step_ = -1;
        }
        std::lock_guard<std::mutex> lock(run_mutex_);
        trainer_->reset();
        fcd_->forget_after(-1);
        frames_.forget_after(-1);
        states_.forget_after(-1);
        abandoned_.reset();
        nearest_.reset();
        ++run_id_;
        notice_ = "reset: new weights, same fixed latents";
        break;
      }
      case CommandKind::Save:
        try {
          trainer_->save(c.path);
          notice_ = "saved " + c.path;
        } catch (const std::exception& e) {
          notice_ = std::string("save failed: ") + e.what();
        }
        break;
      case CommandKind::Load:
        try {
          std::lock_guard<std::mutex> lock(run_mutex_);
          trainer_->load(c.path);
          fcd_->assign(image_quality_points(trainer_->history().rows()));
          frames_.forget_after(-1);
          states_.forget_after(-1);
          abandoned_.reset();
          nearest_.reset();
          ++run_id_;
          notice_ = "loaded " + c.path;
          was_diverged_ = false;
          sync_hyper_from_trainer();
        } catch (const std::exception& e) {
          notice_ = std::string("load failed (training goes on): ") + e.what();
        }
        break;
      case CommandKind::Rollback: {
        std::lock_guard<std::mutex> lock(run_mutex_);
        if (!trainer_->diverged()) {
          notice_ = "nothing to roll back: training has not diverged";
        } else if (trainer_->rollback()) {
          fcd_->forget_after(trainer_->steps());
          frames_.forget_after(trainer_->steps());
          states_.forget_after(trainer_->steps());
          nearest_.reset();
          ++run_id_;
          notice_ = "rolled back to step " + std::to_string(trainer_->steps()) +
                    "; change a setting and resume";
          was_diverged_ = false;
          sync_hyper_from_trainer();
        } else {
          notice_ = "no good state to roll back to";
        }
        break;
      }
      case CommandKind::InjectNan: trainer_->inject_nan_for_test(); break;
      case CommandKind::MeasureFcd: measure_fcd(); break;
      case CommandKind::FindNearest: find_nearest_now(c.sample); break;
      case CommandKind::Branch: branch_now(c.step); break;
      case CommandKind::SetPoints:
        try {
          if (c.points.size() < 2 || c.points.size() % 2) throw ConfigError("paint at least one point");
          std::size_t n = c.points.size() / 2;
          trainer_->replace_data(std::make_unique<data::PointDataset>(
              c.points, "painted points (" + std::to_string(n) + ")"));
          notice_ = "training on " + std::to_string(n) + " painted points";
        } catch (const std::exception& e) {
          notice_ = std::string("points refused: ") + e.what();
        }
        break;
    }
    if (!watch_) step_ = trainer_->steps();
  }
  sync_layers();  // a load or a rollback may bring another variant of D
  if (!todo.empty()) publish();
}

void Session::sync_hyper_from_trainer() {
  std::lock_guard<std::mutex> lock(hyper_mutex_);
  hyper_ = trainer_->hyper();
  applied_hyper_version_ = hyper_version_.load();
}

// Divergence pauses training and tells the user; the last good state waits for rollback().
void Session::after_step() {
  step_ = trainer_->steps();
  keep_state();  // before a pause at this step publishes
  if (const std::int64_t at = pause_at_.load(); at >= 0 && step_ >= at && !paused_) {
    pause_at_ = -1;
    paused_ = true;
    pending_steps_.clear();
    publish();
  }
  if (trainer_->diverged() && !was_diverged_) {
    was_diverged_ = true;
    paused_ = true;
    pending_steps_.clear();
    notice_ = "training paused: " + trainer_->divergence();
    publish();
  }
  const data::Dataset* data = trainer_->dataset();
  // The grid's history is kept at its steps exactly, whatever the publishing pace: images
  // from the snapshot published then, 2D points (a snapshot there costs a heatmap) alone.
  if (!trainer_->diverged() && data && frames_.due(trainer_->steps())) {
    if (data->images()) publish();
    else frames_.add(std::make_shared<const GridFrame>(trainer_->grid_frame()));
  }
  if (!trainer_->diverged() && fcd_->due(trainer_->steps(), fcd_every_.load())) {
    measure_fcd();
    publish();
  }
}

void Session::measure_fcd() {
  if (trainer_->diverged()) return;  // a NaN generator has no distance to report
  if (fcd_->measure(*trainer_, [this] { publish(); }))
    trainer_->record_image_quality(fcd_->points().back().quality);
}

void Session::measure_image_quality() { push({CommandKind::MeasureFcd}); }

void Session::set_image_quality_every(std::int64_t steps) { fcd_every_ = std::max<std::int64_t>(0, steps); }

// A failed autosave is reported and retried at the next interval; training goes on.
// While diverged, nothing is written over the last good autosave.
void Session::autosave(bool final_save) {
  std::string path;
  double minutes = 0;
  {
    std::lock_guard<std::mutex> lock(command_mutex_);
    path = autosave_path_;
    minutes = autosave_minutes_;
  }
  // A run at step 0 holds nothing worth a file (and would pass for the newest run).
  if (path.empty() || trainer_->steps() == 0 || trainer_->steps() == autosaved_step_ ||
      trainer_->diverged())
    return;
  auto now = Clock::now();
  if (!final_save && std::chrono::duration<double>(now - last_autosave_time_).count() < minutes * 60)
    return;
  last_autosave_time_ = now;
  try {
    trainer_->save(path);
    autosaved_step_ = trainer_->steps();
  } catch (const std::exception& e) {
    notice_ = std::string("autosave failed: ") + e.what();
  }
}

// Waits up to `seconds`, returning early for a command or stop.
void Session::idle(double seconds) {
  std::unique_lock<std::mutex> lock(command_mutex_);
  wake_.wait_for(lock, std::chrono::duration<double>(seconds), [&] {
    return stop_ || !commands_.empty() || hyper_version_ != applied_hyper_version_;
  });
}

// One step or half step, published at once with what it changed.
void Session::run_substep(int kind) {
  auto before = snapshot();
  trainer_->step(StepKind(kind));
  after_step();
  autosave(false);
  const char* label = kind == int(StepKind::DOnly) ? "D update"
                      : kind == int(StepKind::GOnly) ? "G update" : "step";
  publish(label, before.get());
}

void Session::run() {
  int threads = threads_.load() > 0 ? threads_.load() : default_trainer_threads(true, trainer_->flops_per_step());
  nn::set_compute_threads(threads);
  auto last_publish = Clock::now();
  last_autosave_time_ = last_publish;
  Clock::time_point next_step_at = last_publish;
  while (!stop_) {
    apply_commands();
    apply_hyper();
    if (watch_) {
      follow();
      idle(0.25);
      continue;
    }
    if (!pending_steps_.empty()) {
      int kind = pending_steps_.front();
      pending_steps_.pop_front();
      run_substep(kind);
      continue;
    }
    if (paused_) {
      autosave(false);
      bool view_pending;
      {
        std::lock_guard<std::mutex> lock(hyper_mutex_);
        view_pending = view_changed_;
      }
      if (view_pending) publish();  // a zoom while paused shows D over the new view at once
      idle(0.05);
      continue;
    }
    if (double slow = slow_motion_.load(); slow > 0) {
      for (int kind : {int(StepKind::DOnly), int(StepKind::GOnly)}) {
        run_substep(kind);
        // The whole interval, though the plane's view (sent as G's points move) or a setting
        // wakes the wait: both are applied, and the half steps keep their pace.
        const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(slow));
        while (!stop_ && !paused_ && Clock::now() < until) {
          idle(std::chrono::duration<double>(until - Clock::now()).count());
          apply_commands();
          apply_hyper();
        }
        if (stop_ || paused_) break;
      }
      last_publish = Clock::now();
      continue;
    }
    if (max_steps_per_second_.load() > 0 && Clock::now() < next_step_at) {
      // Waits for the slot; a command, a setting or stop cuts the wait short and is seen first.
      idle(std::chrono::duration<double>(next_step_at - Clock::now()).count());
      continue;
    }
    trainer_->step();
    after_step();
    autosave(false);
    // Paced: the next step has its time slot, 1/pace after this one (never more than one
    // slot in the past, so a pause or a slow step does not cause a burst).
    if (const double pace = max_steps_per_second_.load(); pace > 0)
      next_step_at = std::max(next_step_at + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(1.0 / pace)),
                              Clock::now() - std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(1.0 / pace)));
    auto now = Clock::now();
    double since = std::chrono::duration<double>(now - last_publish).count();
    if (since >= std::max(publish_interval_.load(), last_publish_seconds_ / kSnapshotShare)) {
      publish();
      last_publish = Clock::now();
      last_publish_seconds_ = std::chrono::duration<double>(last_publish - now).count();
    }
  }
  // Closing must not lose work: a diverged run is rolled back to its last good state first.
  if (trainer_->diverged()) {
    std::lock_guard<std::mutex> lock(run_mutex_);
    if (trainer_->rollback()) {
      ++run_id_;
      was_diverged_ = false;
    }
  }
  autosave(true);
  if (watch_) {
    try {
      watch_->sender.set_refresh(0);  // no one watches now: train saves at its own pace again
    } catch (const std::exception&) {
    }
  }
  publish();
}

// What a sub-step changed, in numbers (the window puts them in words): the fixed fakes' mean
// D(G(z)) before and after, and how far they moved.
static void measure_substep(const std::string& label, const Snapshot& a, Snapshot& b) {
  auto mean = [](const std::vector<float>& v) {
    double m = 0;
    for (float x : v) m += x;
    return v.empty() ? 0.0 : m / double(v.size());
  };
  double moved = 0;
  if (!b.images && a.grid_points.size() == b.grid_points.size()) {
    for (std::size_t i = 0; i + 1 < a.grid_points.size(); i += 2)
      moved += std::hypot(b.grid_points[i] - a.grid_points[i], b.grid_points[i + 1] - a.grid_points[i + 1]);
    moved /= double(std::max<std::size_t>(1, a.grid_points.size() / 2));
  } else if (b.images && a.grid_pixels.size() == b.grid_pixels.size()) {
    for (std::size_t i = 0; i < a.grid_pixels.size(); ++i)
      moved += std::abs(int(b.grid_pixels[i]) - int(a.grid_pixels[i])) / 255.0;
    moved /= double(std::max<std::size_t>(1, a.grid_pixels.size()));
  }
  b.substep = label;
  b.substep_score_before = float(mean(a.grid_scores));
  b.substep_score_after = float(mean(b.grid_scores));
  b.substep_moved = float(moved);
}

// The grid of s as a frame, when due; s then carries the store's frames (pointers).
void Session::keep_frame(Snapshot& s) {
  if (!watch_ && !trainer_->diverged() && frames_.due(s.step)) {  // step 0's, for 2D too; a watched run's come from its file
    auto frame = std::make_shared<GridFrame>();
    frame->step = s.step;
    frame->pixels = s.grid_pixels;
    frame->points = s.grid_points;
    frame->scores = s.grid_scores;
    frame->d_real = s.d_real;
    frame->d_fake = s.d_fake;
    frames_.add(std::move(frame));
  }
  s.grid_frames = frames_.frames();
  s.image.nearest = nearest_;
  for (const KeptState& k : states_.states()) s.kept_states.push_back(k.step);
  s.kept_state_bytes = states_.bytes();
  s.abandoned = abandoned_;
}

void Session::publish(const std::string& label, const Snapshot* before) {
  const auto started = std::chrono::steady_clock::now();
  auto s = std::make_shared<Snapshot>();
  {
    std::lock_guard<std::mutex> lock(hyper_mutex_);
    if (view_changed_) builder_.set_plane_view(view_);
    view_changed_ = false;
    trainer_->set_use_ema(show_ema_);
    trainer_->set_grid_class(grid_class_);
  }
  builder_.fill(*trainer_, *s);
  if (s->images) s->coverage = fcd_->coverage();  // the classes at the image measurements
  // 2D: a snapshot whose quality was measured whole at this step (at most every
  // kQualityEvery steps) gives it to the step's row, as train records it every 100 steps: the
  // history's quality columns and the collapse watch, without measuring twice. Not G's average
  // (the rows are G's), nor half a step.
  if (!s->images && !s->ema_shown && !trainer_->diverged() && trainer_->steps() > 0 &&
      trainer_->half_done() == StepKind::Both && builder_.quality_is_fresh(*trainer_) &&
      !trainer_->last().has_quality) {
    trainer_->record_quality(s->plane.quality);
    s->coverage = trainer_->mode_coverage();
  }
  if (!label.empty() && before) measure_substep(label, *before, *s);
  keep_frame(*s);
  s->half_done = trainer_->half_done() == StepKind::DOnly   ? 'D'
                 : trainer_->half_done() == StepKind::GOnly ? 'G'
                                                            : 0;
  s->generation = ++generation_;
  {
    std::lock_guard<std::mutex> lock(run_mutex_);
    s->run_id = run_id_;
  }
  s->paused = paused_ && pending_steps_.empty();
  s->notice = notice_;
  s->diverged = trainer_->diverged();
  s->divergence = trainer_->divergence();
  s->rollback_step = trainer_->good_step();
  if (!s->diverged) {
    const History& history = trainer_->history();
    std::vector<MetricRow> recent;
    const std::size_t rows = history.size();
    history.since(rows > kHealthWindow ? rows - kHealthWindow : 0, recent);
    s->warning = run_health_warning(*s, recent);
    trainer_->note_warning(s->warning);  // marks an alarm when a warning starts
  }
  {
    std::lock_guard<std::mutex> lock(command_mutex_);
    s->autosave_path = autosave_path_;
  }
  s->autosaved_step = autosaved_step_;
  if (watch_) {
    s->watching = watch_->follower.dir();
    s->watched_step = watch_->last_row_step;
    s->watch_pending = watch_->pending;
  }
  s->image.fcd = fcd_->points();
  s->image.fcd_status = fcd_->status();
  s->publish_ms = float(
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  std::lock_guard<std::mutex> lock(snapshot_mutex_);
  snapshot_ = std::move(s);
}

}  // namespace ganscope::train
