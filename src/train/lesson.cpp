#include "train/lesson.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <nlohmann/json.hpp>
#include <set>

#include "data/input_file.h"
#include "train/lessons_data.h"
#include "train/session.h"
#include "train/trainer.h"

namespace ganscope::train {

using nlohmann::json;

namespace {

// A lesson is a page of text and a short script: anything above this is no lesson.
constexpr std::uint64_t kMaxLessonBytes = 256'000;

struct LessonReader {
  std::string source;
  [[noreturn]] void fail(const std::string& what) const { throw LessonError(source + ": " + what); }

  void no_unknown_keys(const json& obj, const std::set<std::string>& known, const std::string& where) const {
    for (auto it = obj.begin(); it != obj.end(); ++it)
      if (!known.count(it.key())) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        fail("unknown key '" + it.key() + "'" + where + " (known: " + list + ")");
      }
  }
  std::string text(const json& obj, const std::string& key, bool required, const std::string& where = "") const {
    if (!obj.contains(key)) {
      if (required) fail("'" + key + "' missing" + where);
      return "";
    }
    if (!obj.at(key).is_string()) fail("'" + key + "'" + where + " must be a string");
    return obj.at(key).get<std::string>();
  }
  double number(const json& obj, const std::string& key, double lo, double hi, const std::string& where) const {
    const json& v = obj.at(key);
    if (!v.is_number() || !(v.get<double>() >= lo && v.get<double>() <= hi))
      fail("'" + key + "'" + where + " must be a number in " + json(lo).dump() + " .. " + json(hi).dump());
    return v.get<double>();
  }

  LessonNote note(const json& n, const std::string& where) const {
    if (!n.is_object()) fail("'note'" + where + " must be an object with a \"text\"");
    no_unknown_keys(n, {"title", "text", "panel"}, " in the note" + where);
    LessonNote out{text(n, "title", false), text(n, "text", true, " in the note" + where),
                   text(n, "panel", false)};
    const auto& panels = lesson_panels();
    if (!out.panel.empty() && std::find(panels.begin(), panels.end(), out.panel) == panels.end()) {
      std::string list;
      for (const auto& p : panels) list += (list.empty() ? "" : ", ") + p;
      fail("'panel'" + where + " is '" + out.panel + "', not a panel (known: " + list + ")");
    }
    return out;
  }

  LessonEvent event(const json& e, const std::string& where) const {
    if (!e.is_object()) fail("script event" + where + " must be an object with an \"at\" step");
    no_unknown_keys(e, {"at", "set", "pause", "pace", "slow_motion", "view", "note"}, where);
    if (!e.contains("at") || !e.at("at").is_number_integer() || e.at("at").get<long long>() < 0)
      fail("'at'" + where + " must be a whole number of steps >= 0");
    LessonEvent out;
    out.at = e.at("at").get<std::int64_t>();
    if (e.size() == 1) fail("script event" + where + " does nothing (give set, pause, pace, slow_motion, view or note)");
    if (e.contains("set")) {
      const json& set = e.at("set");
      if (!set.is_object() || set.empty())
        fail("'set'" + where + " must be an object of settings, e.g. {\"objective\": \"minimax\"}");
      out.set = set.dump();
    }
    if (e.contains("pause")) {
      if (!e.at("pause").is_boolean()) fail("'pause'" + where + " must be true or false");
      out.pause = e.at("pause").get<bool>();
    }
    if (e.contains("pace")) out.pace = number(e, "pace", 0, 1e6, where);
    if (e.contains("slow_motion")) out.slow_motion = number(e, "slow_motion", 0, 10, where);
    if (e.contains("view")) {
      const json& v = e.at("view");
      if (!v.is_object() || v.size() != 1 || !v.contains("loss_window") || !v.at("loss_window").is_number_integer())
        fail("'view'" + where + " must be {\"loss_window\": N} (the last N steps, 0: all)");
      out.loss_window = int(number(v, "loss_window", 0, 1e7, " in 'view'" + where));
    }
    if (e.contains("note")) out.note = note(e.at("note"), where);
    return out;
  }
};

Config lesson_config(const LessonReader& r, const json& j, const std::string& name) {
  const std::string preset = r.text(j, "preset", true);
  json config;
  try {
    config = json::parse(to_json(load_preset(preset)));
  } catch (const ConfigError& e) {
    r.fail(std::string("'preset': ") + e.what());
  }
  if (j.contains("config")) {
    const json& overrides = j.at("config");
    if (!overrides.is_object()) r.fail("'config' must be an object of config keys, e.g. {\"lr_d\": 0.005}");
    if (overrides.contains("name")) r.fail("'name' in 'config': a lesson's run is named after the lesson");
    for (auto it = overrides.begin(); it != overrides.end(); ++it) config[it.key()] = it.value();
  }
  config["name"] = name;
  if (j.contains("seed")) {
    if (!j.at("seed").is_number_unsigned()) r.fail("'seed' must be a whole number >= 0");
    config["seed"] = j.at("seed");
  }
  try {
    // Messages name the file and the key: "x.json, config: 'lr_d' is 2, outside ...".
    return parse_config(config.dump(), r.source + ", config");
  } catch (const ConfigError& e) {
    throw LessonError(e.what());
  }
}

}  // namespace

const std::vector<std::string>& lesson_panels() {
  static const std::vector<std::string> panels = {"Controls",       "Loss curves",   "Plane",
                                                  "Samples",        "Sample quality", "Discriminator",
                                                  "Latent explorer", "Image quality"};
  return panels;
}

std::vector<const LessonNote*> Lesson::notes() const {
  std::vector<const LessonNote*> out;
  for (const LessonEvent& e : script)
    if (e.note) out.push_back(&*e.note);
  return out;
}

Hyper apply_settings(const Hyper& h, const LessonEvent& e) {
  if (e.set.empty()) return h;
  return apply_hyper_settings(h, e.set, "the lesson's settings at step " + std::to_string(e.at));
}

Lesson parse_lesson(const std::string& json_text, const std::string& source) {
  LessonReader r{source};
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {
    r.fail(std::string("not valid JSON (") + e.what() + ")");
  }
  if (!j.is_object()) r.fail("must be a JSON object");
  r.no_unknown_keys(j, {"title", "summary", "preset", "config", "seed", "watch", "why", "math", "next", "script"}, "");
  Lesson l;
  l.name = std::filesystem::path(source).stem().string();
  l.title = r.text(j, "title", true);
  l.summary = r.text(j, "summary", true);
  for (auto [key, field] : {std::pair{"watch", &l.watch}, {"why", &l.why}, {"math", &l.math}, {"next", &l.next}})
    *field = r.text(j, key, false);
  l.config = lesson_config(r, j, l.name);
  if (!j.contains("script") || !j.at("script").is_array() || j.at("script").empty())
    r.fail("'script' must be a non-empty list of events, e.g. [{\"at\": 0, \"note\": {\"text\": ...}}]");
  const json& script = j.at("script");
  std::vector<LessonEvent> events;  // in the file's order, which messages count by
  for (std::size_t i = 0; i < script.size(); ++i)
    events.push_back(r.event(script[i], " in script event " + std::to_string(i + 1)));
  std::vector<std::size_t> order(events.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return events[a].at < events[b].at; });
  // Each event's settings on the run as the events before it left it: what the run will get.
  Hyper h = l.config.hyper;
  for (std::size_t i : order) {
    if (!events[i].set.empty()) {
      const std::string at = "'set' in script event " + std::to_string(i + 1);
      try {
        h = apply_hyper_settings(h, events[i].set, source + ", " + at);
      } catch (const ConfigError& e) {
        throw LessonError(e.what());
      }
      const std::string invalid = validate(h, l.config.batch);
      if (!invalid.empty()) r.fail(at + ": " + invalid);
    }
    l.script.push_back(std::move(events[i]));
  }
  return l;
}

std::vector<std::string> lesson_names() {
  std::vector<std::string> names;
  for (const auto& l : embedded_lessons()) names.push_back(l.name);
  std::sort(names.begin(), names.end());
  return names;
}

Lesson load_lesson(const std::string& name) {
  for (const auto& l : embedded_lessons())
    if (name == l.name) {
      Lesson lesson = parse_lesson(l.json, "assets/lessons/" + name + ".json");
      lesson.source = name;
      return lesson;
    }
  std::string known;
  for (const auto& n : lesson_names()) known += (known.empty() ? "" : ", ") + n;
  throw LessonError("unknown lesson '" + name + "' (known: " + known + "; or a .json file)");
}

Lesson load_lesson_file(const std::string& path) {
  std::string text, fault;
  if (!data::read_small_file(path, kMaxLessonBytes, "a lesson file", text, fault))
    throw LessonError(path + ": " + fault);
  Lesson lesson = parse_lesson(text, path);
  lesson.source = path;
  return lesson;
}

Lesson find_lesson(const std::string& name_or_path) {
  const std::string& s = name_or_path;
  const bool file = s.find('/') != std::string::npos || (s.size() > 5 && s.compare(s.size() - 5, 5, ".json") == 0);
  return file ? load_lesson_file(s) : load_lesson(s);
}

std::vector<const LessonEvent*> LessonScript::due(std::int64_t step) {
  std::vector<const LessonEvent*> out;
  while (!stopped_ && next_ < lesson_->script.size() && lesson_->script[next_].at <= step)
    out.push_back(&lesson_->script[next_++]);
  return out;
}

std::int64_t LessonScript::next_at() const {
  return finished() ? -1 : lesson_->script[next_].at;
}

void apply_event(const LessonEvent& e, Trainer& t) {
  if (!e.set.empty()) t.set_hyper(apply_settings(t.hyper(), e));
}

void apply_event(const LessonEvent& e, Session& s) {
  if (!e.set.empty()) s.set_hyper(apply_settings(s.hyper(), e));
  if (e.pace) s.set_max_steps_per_second(*e.pace);
  if (e.slow_motion) s.set_slow_motion(*e.slow_motion);
  if (e.pause) *e.pause ? s.pause() : s.resume();
}

void play_lesson(const Lesson& lesson, Trainer& t, std::int64_t steps,
                 const std::function<void(Trainer&, StepKind)>& after) {
  LessonScript script(lesson);
  bool halves = false;
  for (std::int64_t i = 0; i < steps; ++i) {
    for (const LessonEvent* e : script.due(t.steps())) {
      apply_event(*e, t);
      if (e->slow_motion) halves = *e->slow_motion > 0;
    }
    for (StepKind kind : halves ? std::vector<StepKind>{StepKind::DOnly, StepKind::GOnly}
                                : std::vector<StepKind>{StepKind::Both}) {
      t.step(kind);
      if (after) after(t, kind);
    }
  }
}

}  // namespace ganscope::train
