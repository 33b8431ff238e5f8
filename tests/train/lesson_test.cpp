// Lesson files (train/lesson.h): every compiled-in lesson parses, a malformed one is refused
// with one line naming the file and the key, and the script plays each event once, in order.
#include <gtest/gtest.h>

#include <string>

#include "support/test_support.h"
#include "train/lesson.h"
#include "train/trainer.h"

using namespace ganscope;

namespace {

const char* kMinimal = R"({"title": "T", "summary": "S", "preset": "ring",
  "script": [{"at": 0, "note": {"text": "hello", "panel": "Plane"}}]})";

// The message parse_lesson throws for text, or "" when it parses.
std::string error_of(const std::string& text) {
  try {
    train::parse_lesson(text, "my.json");
  } catch (const train::LessonError& e) {
    return e.what();
  }
  return "";
}

TEST(Lesson, EveryCompiledInLessonParsesWithANoteAndASummary) {
  ASSERT_GE(train::lesson_names().size(), 4u);
  for (const std::string& name : train::lesson_names()) {
    const train::Lesson l = train::load_lesson(name);
    EXPECT_EQ(l.name, name);
    EXPECT_EQ(l.config.name, name);
    EXPECT_FALSE(l.summary.empty()) << name;
    EXPECT_FALSE(l.notes().empty()) << name;
    EXPECT_EQ(l.summary.find('\n'), std::string::npos) << name << ": --list prints one line each";
  }
}

TEST(Lesson, OverridesAndSeedApplyOverThePreset) {
  const train::Lesson l = train::parse_lesson(
      R"({"title": "T", "summary": "S", "preset": "ring", "seed": 7, "config": {"lr_d": 0.005, "objective": "minimax"},
          "script": [{"at": 5, "set": {"objective": "non-saturating", "lr_g": 0.002}}, {"at": 0, "pause": true}]})",
      "x.json");
  EXPECT_EQ(l.config.seed, 7u);
  EXPECT_FLOAT_EQ(l.config.hyper.lr_d, 0.005f);
  EXPECT_STREQ(l.config.hyper.objective->name, "minimax");
  EXPECT_EQ(l.config.batch, train::load_preset("ring").batch);
  ASSERT_EQ(l.script.size(), 2u);
  EXPECT_EQ(l.script[0].at, 0);  // sorted by step
  const train::Hyper h = train::apply_settings(l.config.hyper, l.script[1]);
  EXPECT_STREQ(h.objective->name, "non-saturating");
  EXPECT_FLOAT_EQ(h.lr_g, 0.002f);
  EXPECT_FLOAT_EQ(h.lr_d, 0.005f);
}

TEST(Lesson, MalformedFilesNameTheFileAndTheKey) {
  EXPECT_EQ(error_of(kMinimal), "");
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"{", "my.json: not valid JSON"},
      {R"({"summary": "S", "preset": "ring", "script": []})", "my.json: 'title' missing"},
      {R"({"title": "T", "summary": "S", "preset": "nope", "script": []})", "my.json: 'preset': unknown preset 'nope'"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "colour": 1, "script": []})", "my.json: unknown key 'colour'"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "script": []})", "my.json: 'script' must be a non-empty list"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "config": {"lr_d": 2}, "script": [{"at": 0, "pause": true}]})",
       "my.json, config: 'lr_d' is 2, outside"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "script": [{"at": -1, "pause": true}]})",
       "my.json: 'at' in script event 1 must be a whole number of steps >= 0"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "script": [{"at": 0, "pause": true}, {"at": 9}]})",
       "my.json: script event in script event 2 does nothing"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "script": [{"at": 0, "set": {"lr": 0.1}}]})",
       "my.json, 'set' in script event 1: unknown setting 'lr' (the settings that change live: alpha, beta1"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "script": [{"at": 0, "set": {"batch": 16}}]})",
       "my.json, 'set' in script event 1: unknown setting 'batch'"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "script": [{"at": 0, "set": {"objective": "hnge"}}]})",
       "my.json, 'set' in script event 1: unknown objective 'hnge'"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "script": [{"at": 0, "set": {"lr_d": 0}}]})",
       "my.json, 'set' in script event 1: 'lr_d' is 0, outside"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "config": {"batch": 50},
           "script": [{"at": 0, "pause": true}, {"at": 9, "set": {"packing": 4}}]})",
       "my.json: 'set' in script event 2: packing 4 must divide the batch 50"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "script": [{"at": 0, "set": {"spectral_norm": 1}}]})",
       "my.json, 'set' in script event 1: 'spectral_norm' must be true or false"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "script": [{"at": 0, "note": {"text": "x", "panel": "Lost"}}]})",
       "my.json: 'panel' in script event 1 is 'Lost', not a panel"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "script": [{"at": 0, "note": {"title": "x"}}]})",
       "my.json: 'text' missing in the note in script event 1"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "script": [{"at": 0, "view": "wide"}]})",
       "my.json: 'view' in script event 1 must be {\"loss_window\": N}"},
      {R"({"title": "T", "summary": "S", "preset": "ring", "script": [{"at": 0, "pace": -3}]})",
       "my.json: 'pace' in script event 1 must be a number in 0"},
  };
  for (const Case& c : cases) {
    const std::string e = error_of(c.text);
    EXPECT_EQ(e.rfind(c.message, 0), 0u) << "got: " << e << "\nwanted: " << c.message;
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  }
}

TEST(Lesson, AMissingFileOrAnUnknownNameSaysWhich) {
  try {
    train::find_lesson("/nonexistent/lesson.json");
    FAIL();
  } catch (const train::LessonError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/nonexistent/lesson.json: ", 0), 0u) << e.what();
  }
  try {
    train::find_lesson("no-such-lesson");
    FAIL();
  } catch (const train::LessonError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown lesson 'no-such-lesson' (known: 1-two-player-game"), std::string::npos)
        << e.what();
  }
}

TEST(Lesson, TheScriptPlaysEachEventOnceInOrderAndStopsOnLetMePlay) {
  const train::Lesson l = train::parse_lesson(
      R"({"title": "T", "summary": "S", "preset": "ring", "script": [
          {"at": 10, "pause": true}, {"at": 0, "pause": false}, {"at": 10, "pace": 5}, {"at": 30, "pause": true}]})",
      "x.json");
  train::LessonScript s(l);
  EXPECT_EQ(s.due(0).size(), 1u);
  EXPECT_EQ(s.due(0).size(), 0u);
  EXPECT_EQ(s.next_at(), 10);
  const auto at_12 = s.due(12);  // a frame may see step 12 first: both events of step 10 fire
  ASSERT_EQ(at_12.size(), 2u);
  EXPECT_TRUE(at_12[0]->pause.has_value());
  EXPECT_TRUE(at_12[1]->pace.has_value());
  s.stop();
  EXPECT_TRUE(s.due(100).empty());
  EXPECT_TRUE(s.finished());
  EXPECT_EQ(s.next_at(), -1);
}

TEST(Lesson, PlayedHeadlessASettingChangesAtItsStep) {
  train::Lesson l = train::parse_lesson(
      R"({"title": "T", "summary": "S", "preset": "ring", "config": {"batch": 16, "objective": "minimax"},
          "script": [{"at": 3, "set": {"objective": "non-saturating"}}]})",
      "x.json");
  auto t = train::Trainer::open(l.config);
  train::play_lesson(l, *t, 5);
  ASSERT_EQ(t->history().marks().size(), 1u);
  EXPECT_EQ(t->history().marks()[0].step, 3);
  EXPECT_STREQ(t->hyper().objective->name, "non-saturating");
}

// A script that switches to wgan-gp brings the penalty's usual weight, as a config file that
// names wgan-gp does and the window's menu does.
TEST(Lesson, SwitchingToWganGpBringsThePenaltysWeight) {
  const train::Lesson l = train::parse_lesson(
      R"({"title": "T", "summary": "S", "preset": "ring", "config": {"batch": 16},
          "script": [{"at": 2, "set": {"objective": "wgan-gp"}}]})",
      "x.json");
  const float usual = train::apply_setting(l.config, "objective=wgan-gp").hyper.gp;
  ASSERT_EQ(usual, 10.0f);
  auto t = train::Trainer::open(l.config);
  train::play_lesson(l, *t, 3);
  EXPECT_STREQ(t->hyper().objective->name, "wgan-gp");
  EXPECT_EQ(t->hyper().gp, usual);
}

// Any setting a config file can change live is a script's to set, read as the config reads
// it: a weight the event gives wins over the one wgan-gp brings, and one already on is kept.
TEST(Lesson, AScriptSetsEveryLiveSettingAsAConfigWould) {
  const train::Lesson l = train::parse_lesson(
      R"({"title": "T", "summary": "S", "preset": "ring",
          "script": [{"at": 1, "set": {"packing": 4, "spectral_norm": true, "r1": 2.5, "clip": 0.1}},
                     {"at": 2, "set": {"gp": 3, "objective": "wgan-gp"}},
                     {"at": 3, "set": {"loss": "hinge", "gp": 4}}, {"at": 4, "set": {"objective": "wgan-gp"}}]})",
      "x.json");
  train::Hyper h = train::apply_settings(l.config.hyper, l.script[0]);
  EXPECT_EQ(h.packing, 4);
  EXPECT_TRUE(h.spectral_norm);
  EXPECT_FLOAT_EQ(h.r1, 2.5f);
  EXPECT_FLOAT_EQ(h.clip, 0.1f);
  h = train::apply_settings(h, l.script[1]);
  EXPECT_STREQ(h.objective->name, "wgan-gp");
  EXPECT_FLOAT_EQ(h.gp, 3);
  h = train::apply_settings(h, l.script[2]);
  EXPECT_STREQ(h.objective->name, "hinge");
  h = train::apply_settings(h, l.script[3]);
  EXPECT_FLOAT_EQ(h.gp, 4);  // on already: kept
  EXPECT_EQ(h.packing, 4);    // what an event does not name stays
}

}  // namespace
