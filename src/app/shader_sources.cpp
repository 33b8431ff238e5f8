#include "app/shader_sources.h"

namespace ganscope::app {

const char* shader_source(const std::string& name) {
  for (const EmbeddedShader& shader : embedded_shaders())
    if (name == shader.name) return shader.source;
  return nullptr;
}

}  // namespace ganscope::app
