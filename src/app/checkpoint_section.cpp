#include "app/checkpoint_section.h"

#include <cstdlib>
#include <filesystem>

#include "app/palette.h"
#include "app/plot_axes.h"
#include "app/run_slot.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace ganscope::app {

namespace {

const char* kReplaceTitle = "Replace the file?";
const char* kOpenTitle = "Open this checkpoint?";

// "ring-step15000.ckpt": what Save proposes, in the folder the window was started from.
std::string proposed_name(const train::Snapshot& s) {
  return s.preset + "-step" + std::to_string(s.step) + ".ckpt";
}

bool popup_buttons(const char* yes, bool* no) {
  const float w = ImGui::GetFontSize() * 8;
  const bool pressed = ImGui::Button(yes, ImVec2(w, 0));
  ImGui::SameLine();
  *no = ImGui::Button("Cancel", ImVec2(w, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
  return pressed;
}

}  // namespace

std::string home_shortened(const std::string& path) {
  const char* home = std::getenv("HOME");
  if (!home || !*home) return path;
  const std::string prefix = std::string(home) + "/";
  return path.rfind(prefix, 0) == 0 ? "~/" + path.substr(prefix.size()) : path;
}

RunRequest CheckpointSection::draw(RunSlot& run, const train::Snapshot& snapshot) {
  if (!path_edited_) path_ = proposed_name(snapshot);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float button_width = ImGui::CalcTextSize("Load").x + 2 * style.FramePadding.x + 6;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 2 * (button_width + style.ItemSpacing.x));
  if (ImGui::InputTextWithHint("##checkpoint_path", "checkpoint file", &path_)) {
    path_edited_ = !path_.empty();
    load_error_.clear();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A file name (relative to the folder ganscope started in) or a path.\n"
                      "Save proposes <preset>-step<N>.ckpt until you type another.");
  ImGui::BeginDisabled(path_.empty());
  ImGui::SameLine();
  if (ImGui::Button("Save", ImVec2(button_width, 0))) {
    std::error_code ec;
    if (std::filesystem::exists(path_, ec)) {
      ImGui::OpenPopup(kReplaceTitle);
    } else {
      run.session().save(path_);
      save_sent_ = path_;
    }
  }
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Weights, optimizer state, RNGs and history: training continues bit for bit");
  ImGui::SameLine();
  if (ImGui::Button("Load", ImVec2(button_width, 0))) {
    try {
      load_info_ = train::read_saved_run(path_);
      load_error_.clear();
      ImGui::OpenPopup(kOpenTitle);
    } catch (const std::exception& e) {
      load_error_ = e.what();
    }
  }
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Open a checkpoint as its own run, whatever its model; this run stays autosaved");
  ImGui::EndDisabled();
  draw_save_confirm(run);
  RunRequest request = draw_load_confirm();

  // Right under the buttons, where the eye is: what the last Save or Load did.
  if (!load_error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette::error_text());
    ImGui::TextWrapped("cannot load: %s", load_error_.c_str());
    ImGui::PopStyleColor();
  } else if (!save_sent_.empty() && snapshot.notice.rfind("saved " + save_sent_, 0) == 0) {
    ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.45f, 1.0f), "saved %s", save_sent_.c_str());
  } else if (!save_sent_.empty() && snapshot.notice.rfind("save failed", 0) == 0) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette::error_text());
    ImGui::TextWrapped("%s", snapshot.notice.c_str());
    ImGui::PopStyleColor();
  }
  if (RunRequest recent = draw_recent(run)) request = recent;
  draw_autosave(snapshot);
  return request;
}

void CheckpointSection::draw_save_confirm(RunSlot& run) {
  if (!ImGui::BeginPopupModal(kReplaceTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::Text("%s already exists.", path_.c_str());
  ImGui::TextUnformatted("Replace it with this run as it is now?");
  bool cancel = false;
  if (popup_buttons("Replace", &cancel)) {
    run.session().save(path_);
    save_sent_ = path_;
    ImGui::CloseCurrentPopup();
  }
  if (cancel) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

RunRequest CheckpointSection::draw_load_confirm() {
  RunRequest request;
  if (!ImGui::BeginPopupModal(kOpenTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return request;
  ImGui::Text("%s holds %s.", path_.c_str(), describe_saved_run(load_info_).c_str());
  ImGui::TextUnformatted("It opens as its own run (with its own model and autosave);\n"
                         "the current run stops and stays saved.");
  bool cancel = false;
  if (popup_buttons("Open", &cancel)) {
    request = {RunRequest::Kind::Checkpoint, path_, false};
    ImGui::CloseCurrentPopup();
  }
  if (cancel) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return request;
}

// The autosaves, newest first, read from the folder each time the menu opens.
RunRequest CheckpointSection::draw_recent(const RunSlot& run) {
  RunRequest request;
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (!ImGui::BeginCombo("##recent", "Recent runs...")) {
    recent_open_ = false;
    return request;
  }
  if (!recent_open_) recent_ = run.store().list();
  recent_open_ = true;
  if (recent_.empty()) ImGui::TextDisabled("no autosaved runs yet");
  for (std::size_t i = 0; i < recent_.size(); ++i) {
    const auto& e = recent_[i];
    const bool current = e.run.path == run.autosave_path();
    std::string label = describe_saved_run(e.run) + (current ? "  (this run)" : "") +
                        (e.in_use && !current ? "  (open in another window)" : "");
    ImGui::PushID(int(i));
    ImGui::BeginDisabled(current || e.in_use);
    if (ImGui::Selectable(label.c_str(), current))
      request = {RunRequest::Kind::Checkpoint, e.run.path, false};
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s%s%s", home_shortened(e.run.path).c_str(), e.in_use ? "\nheld by " : "",
                        e.in_use ? e.holder.c_str() : "");
    ImGui::PopID();
  }
  ImGui::EndCombo();
  return request;
}

// One grey line: where the run is autosaved and the step of the last autosave.
void CheckpointSection::draw_autosave(const train::Snapshot& snapshot) {
  if (snapshot.autosave_path.empty()) {
    ImGui::TextDisabled("autosave off");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Screenshot runs and windows without a home folder do not autosave");
    return;
  }
  const std::string path = home_shortened(snapshot.autosave_path);
  const std::string when = snapshot.autosaved_step >= 0
                               ? "last at step " + format_thousands(snapshot.autosaved_step)
                               : std::string("not yet");
  const char* tooltip =
      "%s\nSaved every few minutes while training, when the window closes and on Ctrl-C or "
      "SIGTERM.\nThe newest 5 runs of each preset are kept (Recent runs).";
  const std::string line = "autosave: " + path + ", " + when;
  const float width = ImGui::GetContentRegionAvail().x;
  if (ImGui::CalcTextSize(line.c_str()).x <= width) {
    ImGui::TextDisabled("%s", line.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(tooltip, snapshot.autosave_path.c_str());
    return;
  }
  // Too narrow: the step first, then the path cut at its start, so the file name shows.
  ImGui::BeginGroup();
  ImGui::TextDisabled("autosave: %s", when.c_str());
  std::string shown = path;
  for (std::size_t cut = 1; cut < path.size() && ImGui::CalcTextSize(shown.c_str()).x > width; ++cut)
    shown = "..." + path.substr(cut);
  ImGui::TextDisabled("%s", shown.c_str());
  ImGui::EndGroup();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(tooltip, snapshot.autosave_path.c_str());
}

}  // namespace ganscope::app
