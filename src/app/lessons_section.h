// Controls panel, "Lessons": the compiled-in lessons (train/lesson.h) in a menu, each with its
// summary, and a field to open a lesson file of your own. Opening one starts its run from the
// start (a RunRequest the window carries out); a lesson that cannot be read says why in red,
// naming the file and the key, and the run on show goes on.
#pragma once

#include <string>
#include <vector>

#include "app/run_request.h"

namespace ganscope::app {

class RunSlot;

class LessonsSection {
 public:
  RunRequest draw(const RunSlot& run);

 private:
  struct Entry {
    std::string name, title, summary, error;
  };
  void list();

  std::vector<Entry> entries_;
  bool listed_ = false;
  std::string path_;
};

}  // namespace ganscope::app
