#include "app/model_section.h"

#include <cstdio>

#include "app/plot_axes.h"
#include "app/widgets.h"
#include "imgui.h"

namespace ganscope::app {

std::string short_count(std::size_t n) {
  char buf[32];
  if (n >= 1000000) std::snprintf(buf, sizeof buf, "%.2fM", double(n) / 1e6);
  else if (n >= 10000) std::snprintf(buf, sizeof buf, "%.1fk", double(n) / 1e3);
  else std::snprintf(buf, sizeof buf, "%zu", n);
  return buf;
}

RunRequest ModelSection::draw(const std::vector<train::LayerSummary>& layers,
                              const train::Config& config, const train::AutosaveStore& store) {
  RunRequest confirmed;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  if (ImGui::BeginCombo("preset", config.name.c_str())) {
    // Each preset's own description says what it shows. Parsed once, not every frame; an
    // embedded preset cannot fail to parse (a test loads every one).
    if (presets_.empty())
      for (const std::string& name : train::preset_names())
        presets_.push_back({name, train::load_preset(name).description});
    for (const auto& [name, description] : presets_) {
      const bool current = name == config.name;
      // Each preset says what it is for ("Mode collapse, on purpose") beside its name.
      const std::string purpose = description.substr(0, description.find(':'));
      const std::string label = name + "##" + name;
      if (ImGui::Selectable(label.c_str(), current, 0, ImVec2(ImGui::GetFontSize() * 22, 0)) && !current) {
        picked_ = name;
        train::AutosaveStore::Entry newest;
        picked_has_autosave_ = store.newest_free(name, newest);
        if (picked_has_autosave_) picked_autosave_ = newest.run;
      }
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
        ImGui::TextUnformatted(description.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      ImGui::SameLine(ImGui::GetFontSize() * 8);
      ImGui::TextDisabled("%s", purpose.c_str());
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered() && picked_.empty())
    ImGui::SetTooltip("%s", config.description.empty() ? "a config file" : config.description.c_str());
  if (!picked_.empty()) {
    ImGui::TextWrapped("Switch to '%s'? This run is autosaved first and stays in Recent runs.",
                       picked_.c_str());
    if (picked_has_autosave_) {
      const std::string label = "Continue it (step " + format_thousands(picked_autosave_.step) +
                                ", saved " + train::describe_time(picked_autosave_.saved_at) + ")";
      if (ImGui::Button(label.c_str())) {
        confirmed = {RunRequest::Kind::Preset, picked_, false};
        picked_.clear();
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", picked_autosave_.path.c_str());
      ImGui::SameLine();
    }
    if (ImGui::Button(picked_has_autosave_ ? "Start fresh" : "Switch")) {
      confirmed = {RunRequest::Kind::Preset, picked_, true};
      picked_.clear();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) picked_.clear();
  }
  ImGui::TextDisabled("batch %d, seed %llu", config.batch, static_cast<unsigned long long>(config.seed));
  // The config key "init": it acts only when the networks are built (a new run or a reset).
  ImGui::TextDisabled("init %s", config.init.c_str());
  item_tooltip(config.init == "torch_default"
                   ? "Weights started as PyTorch's layers start them: U(-1/sqrt(fan_in), +), "
                     "biases too (config key init; applies at a new run or a reset)"
                   : "Weights started from N(0, 0.02), biases at 0, as in DCGAN (config key "
                     "init; applies at a new run or a reset)");
  draw_layers(layers);
  return confirmed;
}

// One table: each network's input row, then its layers. Shape-keeping layers repeat the shape
// before them, so every row answers "what does one sample look like here".
void ModelSection::draw_layers(const std::vector<train::LayerSummary>& layers) {
  std::size_t g_params = 0, d_params = 0;
  for (const auto& l : layers) (l.network == "G" ? g_params : d_params) += l.params;
  const std::string title = "Layers (G " + short_count(g_params) + ", D " + short_count(d_params) +
                            " parameters)###layers";
  if (!ImGui::TreeNodeEx(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("layers", 3, flags)) {
    ImGui::TableSetupColumn("layer", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("output", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("params", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (const auto& l : layers) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const bool input = l.layer == "z" || l.layer == "x";
      if (input) ImGui::TextDisabled("%s: %s", l.network.c_str(), l.layer.c_str());
      else ImGui::TextUnformatted(l.layer.c_str());
      // A narrow panel cuts long names ("ConvTranspose2d(128->64, k4, s2, p1)").
      if (!input && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", l.layer.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(l.output.c_str());
      ImGui::TableNextColumn();
      if (l.params > 0) ImGui::TextUnformatted(short_count(l.params).c_str());
    }
    ImGui::EndTable();
  }
  ImGui::TreePop();
}

}  // namespace ganscope::app
