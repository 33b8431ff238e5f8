// Controls' "Model" section: which preset runs, a menu to switch to another (training
// restarts with the new model, after the current run is autosaved), and G's and D's layers
// with their output shapes, parameter counts and, live, their gradient and spectral norms
// (Snapshot::layers) as a heat strip (app/layer_heat.h).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "app/run_request.h"
#include "train/autosave_store.h"
#include "train/config.h"
#include "train/snapshot.h"  // LayerSummary

namespace ganscope::app {

class ModelSection {
 public:
  // Returns the switch the user confirmed this frame (continue the preset's newest autosave, or
  // start it fresh), if any.
  // stats: the latest snapshot's per-layer norms, matched to the rows of layers by network,
  // place and name (a row without one, during a rebuild of D, shows none).
  RunRequest draw(const std::vector<train::LayerSummary>& layers,
                  const std::vector<train::LayerStat>& stats, const train::Config& config,
                  const train::AutosaveStore& store);

 private:
  void draw_layers(const std::vector<train::LayerSummary>& layers,
                   const std::vector<train::LayerStat>& stats);

  std::string picked_;  // chosen in the menu, waiting for "Continue", "Start fresh" or "Cancel"
  bool picked_has_autosave_ = false;
  train::SavedRunInfo picked_autosave_;  // its newest autosave, when it has one
  std::vector<std::pair<std::string, std::string>> presets_;  // (name, description)
};

// "1.2M", "6,272", "0": a parameter count short enough for a table cell.
std::string short_count(std::size_t n);

}  // namespace ganscope::app
