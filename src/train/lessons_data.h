// The lesson JSON files of assets/lessons/, compiled in by cmake/embed_files.cmake.
#pragma once

#include <vector>

namespace ganscope::train {

struct EmbeddedLesson {
  const char* name;
  const char* json;
};

const std::vector<EmbeddedLesson>& embedded_lessons();

}  // namespace ganscope::train
