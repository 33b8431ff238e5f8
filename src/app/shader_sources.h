// The GLSL sources in shaders/, compiled into the binary by cmake/embed_files.cmake so that
// the GUI needs no files next to it.
#pragma once

#include <string>
#include <vector>

namespace ganscope::app {

struct EmbeddedShader {
  const char* name;    // file name, e.g. "heatmap.frag"
  const char* source;  // its text
};

// Defined in the generated generated/shaders_data.cpp.
const std::vector<EmbeddedShader>& embedded_shaders();

// The source of shaders/<name>, or nullptr when there is no such file.
const char* shader_source(const std::string& name);

}  // namespace ganscope::app
