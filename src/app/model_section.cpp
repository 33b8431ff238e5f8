#include "app/model_section.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/layer_heat.h"
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
                              const std::vector<train::LayerStat>& stats,
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
  draw_layers(layers, stats);
  return confirmed;
}

namespace {

const char* const kGradHelp =
    "|grad|: the L2 norm of the gradient of this layer's parameters at its network's last "
    "update. The cell's colour is its log10 on a fixed scale, from 1e-5 (blue) to 100 (red). "
    "Vanishing: tiny norms in G's early layers (blue at the top of G) mean its loss no longer "
    "reaches them, often because D has won. Exploding: norms growing step after step (red) come "
    "before a NaN; lower the learning rate. The layers' squares add up to the grad_norm of "
    "metrics.csv.";
const char* const kSigmaHelp =
    "sigma: the largest singular value of the layer's weight as the layer applies it (a "
    "Conv2d's viewed as out x in*k*k), by power iteration: how much the layer can stretch an "
    "input. Their product bounds how steep D can be. Far above 1 in D's layers makes D steep: "
    "small moves of a fake change its score a lot, and G's gradients grow large and erratic. "
    "With spectral normalisation each of D's layers reads about 1. Blank for layers without a "
    "weight matrix.";

// The stat of row `index` of network, if the snapshot has one under that name.
const train::LayerStat* stat_of(const std::vector<train::LayerStat>& stats,
                                const train::LayerSummary& row, int index) {
  for (const auto& s : stats)
    if (s.index == index && s.network == row.network && s.layer == row.layer) return &s;
  return nullptr;
}

void header_with_tooltip(int column, const char* name, const char* tooltip) {
  ImGui::TableSetColumnIndex(column);
  ImGui::TableHeader(name);
  if (tooltip && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
    ImGui::TextUnformatted(tooltip);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

// The |grad| cell: its value over the heat strip's colour; hover: the value and the scale.
void grad_cell(const train::LayerStat& stat) {
  const float t = grad_heat(stat.grad_norm);
  if (std::isnan(t)) {
    ImGui::TextDisabled("-");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("No gradient yet: %s has not been updated since it was built or loaded",
                        stat.network.c_str());
    return;
  }
  ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, grad_heat_colour(t));
  ImGui::TextUnformatted(short_norm(stat.grad_norm).c_str());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s's %s: |grad| = %.3g, log10 %.2f\nscale: log10 %.0f (blue) to %.0f (red)",
                      stat.network.c_str(), stat.layer.c_str(), double(stat.grad_norm),
                      std::log10(double(stat.grad_norm)), double(GradHeatScale::kLowLog10),
                      double(GradHeatScale::kHighLog10));
}

}  // namespace

// One table: each network's input row, then its layers. Shape-keeping layers repeat the shape
// before them, so every row answers "what does one sample look like here".
void ModelSection::draw_layers(const std::vector<train::LayerSummary>& layers,
                               const std::vector<train::LayerStat>& stats) {
  std::size_t g_params = 0, d_params = 0;
  for (const auto& l : layers) (l.network == "G" ? g_params : d_params) += l.params;
  const std::string title = "Layers (G " + short_count(g_params) + ", D " + short_count(d_params) +
                            " parameters)###layers";
  // Not indented under its title: the table needs the panel's whole width.
  if (!ImGui::TreeNodeEx(title.c_str(),
                         ImGuiTreeNodeFlags_DefaultOpen | ImGuiTreeNodeFlags_NoTreePushOnOpen))
    return;
  // Hideable: a right-click on a header hides a column, for more of the layers' names.
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Hideable;
  if (ImGui::BeginTable("layers", 5, flags)) {
    // Every column but the layer's as wide as its header or its widest cell, so that headers
    // and numbers stay whole; the layer's name takes the rest and is cut where the panel is
    // narrow (its tooltip shows it whole).
    float output_width = ImGui::CalcTextSize("shape").x;
    for (const auto& l : layers)
      output_width = std::max(output_width, ImGui::CalcTextSize(l.output.c_str()).x);
    const auto fixed = ImGuiTableColumnFlags_WidthFixed;
    ImGui::TableSetupColumn("layer", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("shape", fixed, output_width);
    ImGui::TableSetupColumn("params", fixed, ImGui::CalcTextSize("params").x);
    ImGui::TableSetupColumn("|grad|", fixed, ImGui::CalcTextSize("0.079").x);
    ImGui::TableSetupColumn("sigma", fixed, ImGui::CalcTextSize("sigma").x);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    header_with_tooltip(0, "layer", "Right-click a header to hide or show a column");
    header_with_tooltip(1, "shape", "The shape of one sample after the layer");
    header_with_tooltip(2, "params", nullptr);
    header_with_tooltip(3, "|grad|", kGradHelp);
    header_with_tooltip(4, "sigma", kSigmaHelp);
    int index = 0;  // the row's place in its network: 0 for the input row
    for (const auto& l : layers) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const bool input = l.layer == "z" || l.layer == "x";
      index = input ? 0 : index + 1;
      if (input) ImGui::TextDisabled("%s: %s", l.network.c_str(), l.layer.c_str());
      else ImGui::TextUnformatted(l.layer.c_str());
      // A narrow panel cuts long names ("ConvTranspose2d(128->64, k4, s2, p1)").
      if (!input && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", l.layer.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(l.output.c_str());
      ImGui::TableNextColumn();
      if (l.params > 0) ImGui::TextUnformatted(short_count(l.params).c_str());
      const train::LayerStat* stat = input ? nullptr : stat_of(stats, l, index);
      if (!stat) continue;
      ImGui::TableNextColumn();
      grad_cell(*stat);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(short_norm(stat->spectral_norm).c_str());
      if (ImGui::IsItemHovered() && !std::isnan(stat->spectral_norm))
        ImGui::SetTooltip("%s's %s: largest singular value %.4g", stat->network.c_str(),
                          stat->layer.c_str(), double(stat->spectral_norm));
    }
    ImGui::EndTable();
  }
}

}  // namespace ganscope::app
