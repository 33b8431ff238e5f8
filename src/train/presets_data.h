// The preset JSON files of assets/presets/, compiled in by cmake/embed_files.cmake.
#pragma once

#include <vector>

namespace ganscope::train {

struct EmbeddedPreset {
  const char* name;
  const char* json;
};

const std::vector<EmbeddedPreset>& embedded_presets();

}  // namespace ganscope::train
