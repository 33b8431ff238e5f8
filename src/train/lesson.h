// A lesson: one idea of GAN training made to happen on a run (assets/lessons/*.json, compiled
// in; a copy of one is a lesson of your own). It names what it starts (a preset, config
// overrides, a seed), a script of events at given steps, and its text: what to watch, why it
// happens, the math, what to try next. The script plays the same way headless (play_lesson,
// for the tests) and in the window (LessonScript on a Session), so a test checks what a
// learner sees.
//
//   {"title": ..., "summary": ..., "preset": "ring", "config": {"lr_d": 0.005}, "seed": 2,
//    "watch": ..., "why": ..., "math": ..., "next": ...,
//    "script": [{"at": 0, "note": {"title": ..., "text": ..., "panel": "Loss curves"}},
//               {"at": 2000, "set": {"objective": "non-saturating"}, "pause": true}]}
//
// An event may hold several actions: set (any setting that changes live, by its config key:
// lr_d, objective, gp, r1, clip, packing, spectral_norm, ...; train/config.h, hyper_keys),
// pause (true pauses, false resumes), pace (steps a second, 0: full speed), slow_motion
// (seconds per half step, 0: off), view ({"loss_window": N}: the last N steps, 0: all) and note.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "train/config.h"
#include "train/hyper.h"

namespace ganscope::train {

class Trainer;
class Session;
enum class StepKind;

class LessonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The panels a note can point at, by their window titles' first words.
const std::vector<std::string>& lesson_panels();

struct LessonNote {
  std::string title;
  std::string text;
  std::string panel;  // one of lesson_panels(), or "" for none
};

struct LessonEvent {
  std::int64_t at = 0;  // fires once the run has made this many steps
  std::string set;  // a JSON object of config keys ({"packing": 4}), "" for none
  std::optional<bool> pause;
  std::optional<double> pace;         // steps a second; 0 is full speed
  std::optional<double> slow_motion;  // seconds per half step; 0 turns it off
  std::optional<int> loss_window;     // the loss curves' last N steps; 0 shows all
  std::optional<LessonNote> note;
};

struct Lesson {
  std::string name;    // file stem: "2-saturating-loss"
  std::string source;  // what find_lesson opens it by again: the name, or the file's path
  std::string title, summary;
  std::string watch, why, math, next;
  Config config;     // the preset with the lesson's overrides and seed
  std::vector<LessonEvent> script;  // sorted by step (stable: a file's order within a step)
  std::vector<const LessonNote*> notes() const;
};

// Parses a lesson; source names it in every message ("assets/lessons/x.json: 'at' in script
// event 3 must be a whole number >= 0"). Throws LessonError.
Lesson parse_lesson(const std::string& json_text, const std::string& source);
std::vector<std::string> lesson_names();  // the compiled-in lessons, in file-name order
Lesson load_lesson(const std::string& name);     // compiled in; throws for an unknown name
Lesson load_lesson_file(const std::string& path);
// A name, or a path to a .json lesson file.
Lesson find_lesson(const std::string& name_or_path);

// The settings of an event applied to h, as a config file's are read (apply_hyper_settings):
// objective wgan-gp brings gp 10 unless the event gives gp.
Hyper apply_settings(const Hyper& h, const LessonEvent& e);

// Which events are due as a run moves on. "Let me play" stops it: nothing is due after that.
class LessonScript {
 public:
  explicit LessonScript(const Lesson& lesson) : lesson_(&lesson) {}
  // The events at or before step that have not been played, in order; each is played once.
  std::vector<const LessonEvent*> due(std::int64_t step);
  void stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }
  bool finished() const { return stopped_ || next_ >= lesson_->script.size(); }
  // The step of the next event, or -1 when none is left.
  std::int64_t next_at() const;

 private:
  const Lesson* lesson_;
  std::size_t next_ = 0;
  bool stopped_ = false;
};

// What a script event does to a run. Headless, pause, pace and views mean nothing (there is
// no one watching); slow motion makes play_lesson take the step as its two halves.
void apply_event(const LessonEvent& e, Trainer& t);
void apply_event(const LessonEvent& e, Session& s);

// The lesson's run, headless: `steps` whole steps on t, the script's events applied at their
// steps (before that step is taken). after(t, kind) runs after each step, or after each half
// (StepKind::DOnly, then GOnly) while slow motion is on.
void play_lesson(const Lesson& lesson, Trainer& t, std::int64_t steps,
                 const std::function<void(Trainer&, StepKind)>& after = {});

}  // namespace ganscope::train
