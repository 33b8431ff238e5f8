// Session::watch: a window following a run that trains elsewhere (session.h, "Watching").
#include <chrono>
#include <filesystem>

#include "train/frame_file.h"
#include "train/session.h"
#include "train/image_quality.h"
#include "train/trainer.h"

namespace ganscope::train {

std::unique_ptr<Session> Session::watching(const Config& cfg, const std::string& run_dir, std::string& notice) {
  std::unique_ptr<Trainer> trainer;
  try {
    trainer = Trainer::open(cfg);
  } catch (const std::exception& e) {
    notice = "the run's data is not here (" + std::string(e.what()) + "): the window shows G without it";
    trainer = std::make_unique<Trainer>(cfg, nullptr);
  }
  auto session = std::make_unique<Session>(std::move(trainer), cfg, true);
  session->watch(run_dir);
  return session;
}

void Session::watch(const std::string& run_dir) {
  watch_ = std::make_unique<Watch>(run_dir);
  watch_->sent = trainer_->hyper();
  paused_ = watch_->sender.orders().paused;
  try {
    // A save now, so that the window starts from G as it is rather than at the last autosave.
    const double refresh = watch_->sender.orders().refresh;
    if (refresh == 0 || refresh > kWatchRefreshSeconds) watch_->sender.set_refresh(kWatchRefreshSeconds);
    watch_->sender.keep_alive();  // the refresh lasts while this count moves (run_control.h)
    watch_->alive_at = std::chrono::steady_clock::now();
    watch_->sender.ask_save();
  } catch (const std::exception& e) {
    notice_ = std::string("watching without steering: ") + e.what();
  }
  follow();
  publish();
}

// Orders instead of the trainer's own commands; true when c is dealt with.
bool Session::watch_command(const Command& c) {
  const char* refused = nullptr;
  try {
    switch (c.kind) {
      case CommandKind::Pause:
      case CommandKind::Resume:
        paused_ = c.kind == CommandKind::Pause;
        watch_->sender.set_paused(paused_);
        notice_ = std::string("asked the run to ") + (paused_ ? "pause" : "resume");
        return true;
      case CommandKind::Save:
        if (!c.path.empty()) {
          // A file of this window's copy, as last read; never in the watched folder itself.
          std::error_code ec;
          const std::filesystem::path parent = std::filesystem::absolute(c.path, ec).parent_path();
          if (!std::filesystem::equivalent(parent, watch_->follower.dir(), ec)) return false;
          notice_ = "save failed: " + c.path + " is in the watched run's folder, which only its train writes";
          return true;
        }
        watch_->sender.ask_save();
        notice_ = "asked the run to save its checkpoint (in " + watch_->follower.dir() + ")";
        return true;
      case CommandKind::StepOnce:
      case CommandKind::StepD:
      case CommandKind::StepG: refused = "steps one at a time"; break;
      case CommandKind::Reset: refused = "resets"; break;
      case CommandKind::Load: refused = "loads another checkpoint"; break;
      case CommandKind::Rollback: refused = "rolls back"; break;
      case CommandKind::Branch: refused = "branches"; break;
      case CommandKind::SetPoints: refused = "takes painted points"; break;
      case CommandKind::InjectNan: return true;
      case CommandKind::MeasureFcd:
      case CommandKind::FindNearest: return false;  // on this window's copy of G
    }
  } catch (const std::exception& e) {
    notice_ = std::string("cannot steer the run: ") + e.what();
    return true;
  }
  notice_ = std::string("a watched run trains elsewhere: only a window that trains it ") + refused;
  return true;
}

// Settings as orders: the ones changed since those the run has, when a change is marked (a
// slider's release, not its drag).
void Session::send_hyper(const Hyper& h, bool mark) {
  if (!mark) return;
  const std::string settings = hyper_changes_json(watch_->sent, h);
  if (settings == "{}") return;
  try {
    watch_->sender.send_settings(settings);
    std::string what;
    for (const std::string& change : describe_changes(watch_->sent, h)) what += (what.empty() ? "" : "; ") + change;
    watch_->sent = h;
    watch_->pending = true;
    watch_->sent_at = std::chrono::steady_clock::now();
    notice_ = "sent to the run: " + what + " (order " + std::to_string(watch_->sender.orders().seq) + ")";
  } catch (const std::exception& e) {
    notice_ = std::string("cannot steer the run: ") + e.what();
    std::lock_guard<std::mutex> lock(hyper_mutex_);
    hyper_ = watch_->sent;
  }
  publish();
}

// A new checkpoint: its weights and settings; the history stays metrics.csv's.
void Session::load_watched_checkpoint() {
  try {
    std::lock_guard<std::mutex> lock(run_mutex_);
    std::vector<MetricRow> rows = trainer_->history().rows();
    std::vector<ChangeMark> marks = trainer_->history().marks();
    trainer_->load(watch_->follower.checkpoint());
    if (watch_->last_row_step >= 0) trainer_->history().assign(std::move(rows), std::move(marks));
    nearest_.reset();
  } catch (const std::exception& e) {
    notice_ = std::string("the run's checkpoint cannot be read yet (") + e.what() + "); the last one read stays";
    return;
  }
  sync_layers();
  // Settings sent are taken within a step: a checkpoint written a save interval after them
  // without them means the run refused them (its terminal says why) or another steerer
  // changed them since. Until then the window keeps showing what it sent.
  const Hyper& have = trainer_->hyper();
  const bool taken = describe_changes(watch_->sent, have).empty();
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - watch_->sent_at).count();
  if (watch_->pending && !taken && waited < 3 * kWatchRefreshSeconds) return;
  if (watch_->pending && !taken)
    notice_ = "the run has not taken the settings sent: it shows its own (its terminal says why)";
  watch_->pending = false;
  watch_->sent = have;
  sync_hyper_from_trainer();
}

void Session::follow() {
  if (const auto now = std::chrono::steady_clock::now();
      std::chrono::duration<double>(now - watch_->alive_at).count() >= kAliveSeconds) {
    watch_->alive_at = now;
    try {
      watch_->sender.keep_alive();
    } catch (const std::exception& e) {
      notice_ = std::string("could not renew the run's refresh: ") + e.what();
    }
  }
  RunNews news = watch_->follower.poll();
  bool changed = false, weights = false;  // weights: G, D or the frames changed
  if (news.restart || !news.rows.empty() || !news.marks.empty()) {
    std::lock_guard<std::mutex> lock(run_mutex_);
    History& history = trainer_->history();
    if (news.restart) history.clear();
    for (const MetricRow& r : news.rows) history.append(r);
    for (const ChangeMark& m : news.marks) history.mark(m.step, m.what);
    if (!news.rows.empty()) watch_->last_row_step = news.rows.back().step;
    if (news.restart && news.rows.empty()) watch_->last_row_step = -1;
    bool measured = news.restart;
    for (const MetricRow& r : news.rows) measured |= r.has_image_quality;
    if (measured) fcd_->assign(image_quality_points(history.rows()));
    changed = true;
  }
  if (!news.error.empty() && notice_.find(news.error) == std::string::npos) {
    notice_ = "stopped following metrics.csv: " + news.error;
    changed = true;
  }
  if (news.checkpoint) {
    load_watched_checkpoint();
    changed = weights = true;
  }
  if (news.frames) {
    try {
      const TimelapseSource source = load_frames(watch_->follower.frames());
      frames_.forget_after(-1);
      for (const auto& f : source.frames) frames_.add(f);
    } catch (const std::exception& e) {
      notice_ = std::string("the run's frames cannot be read yet (") + e.what() + ")";
    }
    changed = weights = true;
  }
  step_ = std::max(trainer_->steps(), watch_->last_row_step);
  if (weights) {
    publish();
  } else if (changed) {
    // Rows alone (four times a second): the last snapshot with the new counts, not G and D run
    // again on the same weights (a dcgan snapshot is 30 ms).
    auto s = std::make_shared<Snapshot>(*snapshot());
    s->generation = ++generation_;
    s->watched_step = watch_->last_row_step;
    s->notice = notice_;
    s->paused = paused_;
    s->watch_pending = watch_->pending;
    {
      std::lock_guard<std::mutex> lock(run_mutex_);
      s->run_id = run_id_;
    }
    std::lock_guard<std::mutex> lock(snapshot_mutex_);
    snapshot_ = std::move(s);
  }
}

}  // namespace ganscope::train
