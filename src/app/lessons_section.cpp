#include "app/lessons_section.h"

#include <cfloat>

#include "app/palette.h"
#include "app/run_slot.h"
#include "app/widgets.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "train/lesson.h"

namespace ganscope::app {

void LessonsSection::list() {
  listed_ = true;
  for (const std::string& name : train::lesson_names()) {
    Entry e;
    e.name = name;
    try {
      const train::Lesson l = train::load_lesson(name);
      e.title = l.title;
      e.summary = l.summary;
    } catch (const std::exception& ex) {
      e.error = ex.what();
    }
    entries_.push_back(e);
  }
}

RunRequest LessonsSection::draw(const RunSlot& run) {
  if (!listed_) list();
  RunRequest request;
  const train::Lesson* open = run.lesson();
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::BeginCombo("##lessons", open ? open->title.c_str() : "Open a lesson...")) {
    for (const Entry& e : entries_) {
      ImGui::BeginDisabled(!e.error.empty());
      const std::string label = e.error.empty() ? e.title + "##" + e.name : e.name + " (cannot be read)";
      if (ImGui::Selectable(label.c_str(), open && open->name == e.name)) request = {RunRequest::Kind::Lesson, e.name, true};
      ImGui::EndDisabled();
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", e.error.empty() ? (e.name + ": " + e.summary).c_str() : e.error.c_str());
    }
    ImGui::EndCombo();
  }
  item_tooltip("Lessons: each starts a run that makes one idea of GAN training happen, and says "
               "what to watch and why (the run on show stays saved)");
  // A lesson of your own: a copy of one of assets/lessons/, edited.
  const float button = ImGui::CalcTextSize("Open").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - button - ImGui::GetStyle().ItemSpacing.x);
  ImGui::InputTextWithHint("##lesson_file", "or a lesson file (.json)", &path_);
  item_tooltip("The path of a lesson file: copy one of ganscope's assets/lessons/*.json and edit it");
  ImGui::SameLine();
  ImGui::BeginDisabled(path_.empty());
  if (ImGui::Button("Open##lesson")) request = {RunRequest::Kind::Lesson, path_, true};
  ImGui::EndDisabled();
  return request;
}

}  // namespace ganscope::app
