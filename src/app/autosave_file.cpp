#include "app/autosave_file.h"

#include <cstdlib>
#include <filesystem>

namespace ganscope::app {

std::string prepare_autosave(const std::string& preset, std::string& notice) {
  namespace fs = std::filesystem;
  fs::path dir;
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) dir = fs::path(state) / "ganscope";
  else if (const char* home = std::getenv("HOME"); home && *home) dir = fs::path(home) / ".local/state/ganscope";
  else return "";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return "";
  fs::path file = dir / ("autosave-" + preset + ".ckpt");
  if (fs::exists(file)) {
    fs::path previous = dir / ("autosave-" + preset + ".previous.ckpt");
    fs::rename(file, previous, ec);
    if (!ec)
      notice += (notice.empty() ? "" : "\n") + std::string("the last session's autosave is kept as ") +
                previous.string() + " (open it with --checkpoint)";
  }
  return file.string();
}

}  // namespace ganscope::app
