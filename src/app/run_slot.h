// The run the window shows: its Session, the config it was built from, the autosave file it
// writes and the lock that keeps other windows off that file. Every change of run (the first
// one, the preset menu, Load, Recent runs, Reset) goes through here, so each run keeps its own
// autosave (train/autosave_store.h) and no run ever overwrites another's.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/gui.h"
#include "app/run_request.h"
#include "train/autosave_store.h"
#include "train/config.h"
#include "train/file_lock.h"
#include "train/lesson.h"
#include "train/session.h"

namespace ganscope::app {

class RunSlot {
 public:
  explicit RunSlot(const GuiOptions& options);
  ~RunSlot();  // stops the session, which autosaves it

  // The first run: --watch when given (a run folder another process trains: the session
  // follows it and steers it, train/session.h "Watching"; nothing of it is autosaved); else
  // --checkpoint when given (its model comes from the file); else, unless
  // --fresh, the newest autosave of the preset asked for (of any preset when none was) that
  // no other window holds; else a new run of the resolved config. A continued run whose data
  // is gone falls back to a new one, with a notice. Throws when nothing can start.
  void open_first();
  // Another run, built while the current one trains on; the current one then stops (and
  // autosaves). On failure the current run goes on and notice() says why. Returns whether
  // the run changed (the panels must then start afresh).
  bool open(const RunRequest& request);
  // Stops the session (which autosaves) and lets go of every autosave lock: for a process
  // about to end without running destructors (the display lost).
  void close_now();
  // Once a frame: after this run's first autosave, removes the oldest of its preset's.
  void tick(const train::Snapshot& snapshot);

  train::Session& session() { return *session_; }
  const train::Config& config() const { return config_; }
  const std::string& notice() const { return notice_; }
  const train::AutosaveStore& store() const { return store_; }
  const std::string& autosave_path() const { return autosave_path_; }
  // The settings the run's preset starts with (a config file's own, for a config file).
  const train::Hyper& preset_hyper() const { return preset_hyper_; }
  // The lesson whose run this is (opened by --lesson or a Lesson request), else null. Each
  // opening is a new run from the lesson's start, so replaying is opening it again.
  const train::Lesson* lesson() const { return lesson_.get(); }

 private:
  struct Plan {
    train::Config config;
    std::string checkpoint;  // continue this file ("" for new weights)
    std::string notice;
    std::shared_ptr<const train::Lesson> lesson;
    std::string watch;  // a run folder to follow instead of training
  };
  Plan plan_for_watch(const std::string& dir) const;
  Plan plan_for(const RunRequest& request) const;
  Plan plan_for_checkpoint(const std::string& path, const std::string& why) const;
  Plan plan_for_lesson(const train::Lesson& lesson) const;
  // Builds and starts the plan's session, claiming its autosave file; throws on failure.
  void start(Plan plan);
  // The file a plan's run autosaves to, locked for this window: the checkpoint itself when it
  // is a free autosave of the store, else a new file. "" when autosave is off.
  std::string claim_autosave(const Plan& plan);
  void new_run();

  GuiOptions options_;
  train::AutosaveStore store_;
  std::unique_ptr<train::Session> session_;
  train::Config config_;
  std::string notice_;
  std::string autosave_path_;
  // Every autosave this window has written: held until it closes, so no other window takes
  // over a file that the closing session still saves into.
  std::vector<std::unique_ptr<train::FileLock>> locks_;
  bool pruned_ = false;
  train::Hyper preset_hyper_;
  std::shared_ptr<const train::Lesson> lesson_;
};

// "ring, step 15,000, saved today 14:02": a saved run in a line.
std::string describe_saved_run(const train::SavedRunInfo& run);

}  // namespace ganscope::app
