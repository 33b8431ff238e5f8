#include "app/run_slot.h"

#include <unistd.h>

#include <filesystem>

#include "app/plot_axes.h"
#include "train/run_files.h"

namespace ganscope::app {

std::string describe_saved_run(const train::SavedRunInfo& run) {
  return "'" + run.config.name + "', step " + format_thousands(run.step) + ", saved " +
         train::describe_time(run.saved_at);
}

RunSlot::RunSlot(const GuiOptions& options)
    : options_(options), store_(train::AutosaveStore::default_dir()) {}

RunSlot::~RunSlot() {
  if (session_) session_->stop();
}

void RunSlot::close_now() {
  if (session_) session_->stop();
  locks_.clear();
}

RunSlot::Plan RunSlot::plan_for_checkpoint(const std::string& path, const std::string& why) const {
  const train::SavedRunInfo info = train::read_saved_run(path);
  Plan p;
  p.config = info.config;
  p.checkpoint = path;
  p.notice = why + describe_saved_run(info);
  return p;
}

RunSlot::Plan RunSlot::plan_for(const RunRequest& request) const {
  if (request.kind == RunRequest::Kind::Checkpoint) return plan_for_checkpoint(request.target, "opened ");
  if (request.kind == RunRequest::Kind::Lesson) return plan_for_lesson(train::find_lesson(request.target));
  Plan p;
  p.config = train::load_preset(request.target);
  train::AutosaveStore::Entry newest;
  if (!request.fresh && store_.newest_free(p.config.name, newest))
    return plan_for_checkpoint(newest.run.path, "continued ");
  return p;
}

// A lesson always starts its run afresh: its script counts steps from 0. The run autosaves
// under the lesson's name, so it never continues as a preset's run.
RunSlot::Plan RunSlot::plan_for_lesson(const train::Lesson& lesson) const {
  Plan p;
  p.config = lesson.config;
  p.lesson = std::make_shared<const train::Lesson>(lesson);
  return p;
}

std::string RunSlot::claim_autosave(const Plan& plan) {
  if (!options_.autosave || !store_.enabled()) return "";
  const std::string who = "ganscope gui, " + plan.config.name;
  if (store_.holds(plan.checkpoint)) {
    if (auto lock = train::FileLock::try_acquire(train::AutosaveStore::lock_path(plan.checkpoint), who)) {
      locks_.push_back(std::move(lock));
      return plan.checkpoint;
    }
  }
  for (int attempt = 0; attempt < 5; ++attempt) {
    const std::string path = store_.new_path(plan.config.name);
    if (path.empty()) return "";
    try {
      if (auto lock = train::FileLock::try_acquire(train::AutosaveStore::lock_path(path), who)) {
        locks_.push_back(std::move(lock));
        return path;
      }
    } catch (const std::exception&) {
      return "";  // the folder cannot be written: the notice of the first autosave will say so
    }
  }
  return "";
}

// The run's own config.json (train writes it first): its data may not be on this machine,
// and then the window shows G and D without it.
RunSlot::Plan RunSlot::plan_for_watch(const std::string& dir) const {
  const std::string config = (std::filesystem::path(dir) / train::kConfigFile).string();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw std::runtime_error(dir + " is not a folder (--watch takes the RUN of a `ganscope train --out RUN`)");
  if (!std::filesystem::exists(config, ec))
    throw std::runtime_error(dir + " holds no " + train::kConfigFile +
                             ": not a run folder of `ganscope train --out RUN` (or one from before it wrote it)");
  Plan p;
  p.config = train::load_config_file(config);
  p.watch = dir;
  return p;
}

void RunSlot::start(Plan plan) {
  auto session = plan.watch.empty() ? std::make_unique<train::Session>(plan.config)
                                    : train::Session::watching(plan.config, plan.watch, plan.notice);
  // 0 keeps the session's default: all cores but one, which stays with the window.
  if (options_.trainer_threads > 0) session->set_threads(options_.trainer_threads);
  // Loaded by the trainer thread before its first step; a bad file shows as a notice.
  if (!plan.checkpoint.empty()) session->load(plan.checkpoint);
  const std::string autosave = plan.watch.empty() ? claim_autosave(plan) : "";
  if (!autosave.empty()) session->set_autosave(autosave, options_.autosave_minutes);
  // A lesson's events at step 0 (a pace, a setting) hold from the first step: the window's
  // first frame, which plays the script, comes after hundreds of steps on the ring.
  if (plan.lesson)
    for (const train::LessonEvent& e : plan.lesson->script)
      if (e.at == 0) train::apply_event(e, *session);
  if (session_) session_->stop();  // autosaves the run it ends
  session->start();
  session_ = std::move(session);
  config_ = plan.config;
  // A continued run's config carries its latest settings: the preset's come from the preset.
  preset_hyper_ = config_.hyper;
  for (const std::string& name : train::preset_names())
    if (name == config_.name) preset_hyper_ = train::load_preset(name).hyper;
  autosave_path_ = autosave;
  notice_ = plan.notice;
  lesson_ = plan.lesson;
  pruned_ = false;
}

void RunSlot::open_first() {
  Plan plan;
  plan.config = options_.config;
  plan.notice = options_.notice;
  if (options_.lesson) {
    start(plan_for_lesson(*options_.lesson));
    return;
  }
  if (!options_.watch.empty()) {
    start(plan_for_watch(options_.watch));
    return;
  }
  if (!options_.checkpoint.empty()) {
    // The model comes from the file; --preset or --config, when given, must agree with it.
    Plan saved = plan_for_checkpoint(options_.checkpoint, "continuing ");
    if (options_.model_given && !train::same_architecture(saved.config, options_.config))
      throw std::runtime_error(options_.checkpoint + " holds a '" + saved.config.name +
                               "' model, not the '" + options_.config.name +
                               "' asked for; drop --preset/--config to open it as it is");
    if (options_.data_given) saved.config.data = options_.config.data;
    start(saved);
    return;
  }
  train::AutosaveStore::Entry newest;
  const std::string preset = options_.model_given ? options_.config.name : "";
  if (!options_.fresh && store_.newest_free(preset, newest) &&
      (!options_.model_given || train::same_architecture(newest.run.config, options_.config)) &&
      (!options_.data_given || newest.run.config.data == options_.config.data)) {
    try {
      Plan last = plan_for_checkpoint(newest.run.path, "continued your last run: ");
      last.notice += ". Reset starts a new run and keeps this one (Checkpoint > Recent runs)";
      start(last);
      return;
    } catch (const std::exception& e) {
      plan.notice = "could not continue " + newest.run.path + " (" + e.what() + "); this is a new run" +
                    (plan.notice.empty() ? "" : "\n" + plan.notice);
    }
  }
  start(plan);
}

bool RunSlot::open(const RunRequest& request) {
  if (request.kind == RunRequest::Kind::NewRun) {
    new_run();
    return false;  // same model, same panels: the run id tells them to forget the old run
  }
  const std::string was = config_.name, saved_in = autosave_path_;
  try {
    Plan plan = plan_for(request);
    if (request.kind == RunRequest::Kind::Preset && was != plan.config.name)
      plan.notice = "switched from '" + was + "'" + (saved_in.empty() ? "" : ", saved in " + saved_in) +
                    (plan.notice.empty() ? "" : "; " + plan.notice);
    start(plan);
    return true;
  } catch (const std::exception& e) {
    const std::string what = request.kind == RunRequest::Kind::Preset   ? "switch to '" + request.target + "'"
                             : request.kind == RunRequest::Kind::Lesson ? "open the lesson " + request.target
                                                                        : "open " + request.target;
    notice_ = "cannot " + what + ": " + e.what();
    return false;
  }
}

void RunSlot::new_run() {
  Plan plan;
  plan.config = config_;
  const std::string next = claim_autosave(plan);
  session_->reset(next);
  if (!next.empty()) {
    notice_ = "new run; the last one is kept in " + autosave_path_;
    autosave_path_ = next;
    pruned_ = false;
  }
}

void RunSlot::tick(const train::Snapshot& snapshot) {
  if (pruned_ || autosave_path_.empty() || snapshot.autosaved_step < 0 ||
      snapshot.autosave_path != autosave_path_)
    return;
  pruned_ = true;
  store_.prune(config_.name, autosave_path_);
}

}  // namespace ganscope::app
