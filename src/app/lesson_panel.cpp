#include "app/lesson_panel.h"

#include <cfloat>

#include "app/palette.h"
#include "app/plot_axes.h"
#include "app/run_slot.h"
#include "app/widgets.h"
#include "imgui.h"
#include "train/session.h"

namespace ganscope::app {

LessonPanel::Effects LessonPanel::play(RunSlot& run, const train::Snapshot& snapshot) {
  Effects effects;
  if (run.lesson() != lesson_) {  // a new lesson run (or none): start its script
    lesson_ = run.lesson();
    script_ = lesson_ ? std::make_unique<train::LessonScript>(*lesson_) : nullptr;
    shown_ = reached_ = -1;
    closed_ = false;
    last_step_ = 0;
  }
  if (!script_) return effects;
  train::Session& session = run.session();
  const std::int64_t step = session.step();
  // Reset (a new run of the same model) or a loaded checkpoint: the script's steps no longer
  // mean what it says, so the user has taken over.
  if (step < last_step_) {
    script_->stop();
    session.pause_at(-1);
  }
  last_step_ = step;
  (void)snapshot;
  const auto notes = lesson_->notes();
  // The session stops itself at the next event's step (pause_at); the script acts there and
  // lets it go on, unless an event pauses it or the user paused it first.
  const bool held = waiting_for_ >= 0 && session.paused() && step >= waiting_for_;
  bool pauses = false;
  for (const train::LessonEvent* e : script_->due(step)) {
    if (e->pause) pauses = true;
    train::apply_event(*e, session);
    if (e->loss_window) effects.loss_window = e->loss_window;
    if (e->pace) effects.pace = e->pace;
    if (e->slow_motion) effects.slow_motion = e->slow_motion;
    if (e->note)
      for (int i = 0; i < int(notes.size()); ++i)
        if (notes[i] == &*e->note) reached_ = shown_ = i;
  }
  if (held && !pauses) session.resume();
  if (held || waiting_for_ < 0 || script_->next_at() != waiting_for_) {
    waiting_for_ = script_->next_at();
    session.pause_at(waiting_for_);
  }
  return effects;
}

int LessonPanel::notes() const { return lesson_ ? int(lesson_->notes().size()) : 0; }

std::string LessonPanel::note_title() const {
  if (!lesson_ || shown_ < 0) return "";
  return lesson_->notes()[shown_]->title;
}

std::string LessonPanel::highlight() const {
  if (!open() || shown_ < 0) return "";
  return lesson_->notes()[shown_]->panel;
}

void LessonPanel::draw(RunSlot& run, const train::Snapshot& snapshot) {
  if (!open()) return;
  const train::Lesson& lesson = *lesson_;
  ImGui::PushStyleColor(ImGuiCol_Text, palette::notice_text());
  ImGui::TextWrapped("%s", lesson.title.c_str());
  ImGui::PopStyleColor();
  draw_buttons(run);
  draw_note(lesson);
  if (script_->stopped()) {
    ImGui::TextColored(palette::dim_text(), "The script has stopped: the run is yours.");
  } else if (script_->next_at() >= 0) {
    ImGui::TextColored(palette::dim_text(), "Next event at step %s (now %s).",
                       format_thousands(script_->next_at()).c_str(), format_thousands(snapshot.step).c_str());
  } else {
    ImGui::TextColored(palette::dim_text(), "The script is done; the run goes on.");
  }
  const std::pair<const char*, const std::string*> parts[] = {
      {"What to watch", &lesson.watch}, {"Why it happens", &lesson.why},
      {"The math", &lesson.math},       {"What to try next", &lesson.next}};
  for (const auto& [heading, text] : parts) {
    if (text->empty()) continue;
    section(heading);
    ImGui::TextWrapped("%s", text->c_str());
  }
}

void LessonPanel::draw_note(const train::Lesson& lesson) {
  const auto notes = lesson.notes();
  if (notes.empty()) return;
  section("Note");
  if (shown_ < 0) {
    ImGui::TextDisabled("The first note comes at step %s.", format_thousands(lesson.script.front().at).c_str());
    return;
  }
  const train::LessonNote& note = *notes[shown_];
  if (!note.title.empty()) ImGui::TextUnformatted(note.title.c_str());
  if (shown_ > reached_) {
    // A note read ahead of the run: say when the script gets there.
    for (const train::LessonEvent& e : lesson.script)
      if (e.note && &*e.note == &note)
        ImGui::TextDisabled("(the run gets here at step %s)", format_thousands(e.at).c_str());
  }
  ImGui::TextWrapped("%s", note.text.c_str());
  if (!note.panel.empty()) ImGui::TextColored(palette::dim_text(), "See: %s (framed)", note.panel.c_str());
}

void LessonPanel::draw_buttons(RunSlot& run) {
  const int count = notes();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  // Two rows: five buttons on one line cut "Let me play" at 1024 x 700.
  const float avail = ImGui::GetContentRegionAvail().x;
  float w = (avail - spacing) / 2;
  ImGui::BeginDisabled(shown_ <= 0);
  if (ImGui::Button("< Note", ImVec2(w, 0))) --shown_;
  ImGui::EndDisabled();
  item_tooltip("The previous note");
  ImGui::SameLine();
  ImGui::BeginDisabled(shown_ + 1 >= count);
  if (ImGui::Button("Note >", ImVec2(w, 0))) ++shown_;
  ImGui::EndDisabled();
  item_tooltip("The next note (ahead of the run, it says when the run gets there)");
  w = (avail - 2 * spacing) / 3;
  if (ImGui::Button("Replay", ImVec2(w, 0))) request_ = {RunRequest::Kind::Lesson, lesson_->source, true};
  item_tooltip("Start the lesson's run again from step 0, script and all (this run stays saved)");
  ImGui::SameLine();
  ImGui::BeginDisabled(script_->finished());
  if (ImGui::Button("Let me play", ImVec2(w, 0))) {
    script_->stop();
    run.session().pause_at(-1);
  }
  ImGui::EndDisabled();
  item_tooltip("Stop the script: the run goes on, every control is yours");
  ImGui::SameLine();
  if (ImGui::Button("Close", ImVec2(w, 0))) {
    script_->stop();
    run.session().pause_at(-1);
    closed_ = true;
  }
  item_tooltip("Close the lesson (the script stops; the run goes on) and bring back the latent explorer");
}

}  // namespace ganscope::app
