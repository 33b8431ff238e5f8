// Exports from the window (issue 14, "Exports"): a panel as a PNG (the "PNG" in each panel's
// title bar), the sample grid at full resolution, the grid's or the plane's timelapse GIF and
// the explorer's walks. Files go to ~/Pictures/ganscope (~/ganscope-exports when there is no
// ~/Pictures), named after the run and step, never over a file that is there; the writing
// runs on a thread of its own, so a GIF of 64 frames never stalls a frame; the window shows
// where each went, or why it could not. No file dialog: Debian's Dear ImGui has none, and a
// fixed, named folder is what a tool that saves often wants.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "imgui.h"

namespace ganscope::train {
struct Snapshot;
}

namespace ganscope::app {

// The folder exports go to (not created here).
std::string export_folder();
// A path in folder for stem.ext that does not exist yet: stem.ext, else stem-2.ext, ...
std::string fresh_path(const std::string& folder, const std::string& stem, const std::string& ext);
// "mlp-step1200": a run's name and step, for file names (characters outside [A-Za-z0-9_-]
// become '-').
std::string export_stem(const std::string& preset, long long step, const std::string& what);

class Exports {
 public:
  ~Exports();
  // Writes stem.ext in the export folder by calling write(path) on a thread of its own (the
  // folder made first). One export at a time: another one asked for meanwhile is refused
  // with a status saying so.
  void start(const std::string& stem, const std::string& ext, std::function<void(const std::string& path)> write);
  // A panel's pixels, read after the frame is rendered: the rectangle in ImGui's coordinates.
  void ask_panel(const std::string& stem, ImVec2 min, ImVec2 max);
  // After rendering a frame, before swapping: reads the asked panel's pixels from the back
  // buffer (framebuffer size and ImGui-to-framebuffer scale) and starts writing its PNG.
  void capture_pending_panel(int framebuffer_width, int framebuffer_height, ImVec2 scale);
  bool busy() const;
  bool panel_pending() const { return panel_asked_; }
  // Where each panel's PNG button was drawn last (screen coordinates), by the panel's name
  // as its files have it ("loss-curves"): for the GUI tests.
  void note_png_button(const std::string& name, ImVec2 min, ImVec2 max) { png_buttons_[name] = {min, max}; }
  const std::map<std::string, std::pair<ImVec2, ImVec2>>& png_buttons() const { return png_buttons_; }
  void wait();  // until the export being written ends (a screenshot run's exit)
  // The run whose exports these are, each frame: files are named after it.
  void set_run(const std::string& preset, long long step);
  std::string stem(const std::string& what) const { return export_stem(preset_, step_, what); }
  // A line at the bottom of the window for a few seconds after an export ends.
  void draw_status();
  // The last export's result: the path written ("" while none), or what went wrong.
  std::string last_path() const;
  std::string last_error() const;
  int finished() const;  // exports ended so far, for the tests

 private:
  void finish(const std::string& path, const std::string& error);
  mutable std::mutex mutex_;
  std::thread worker_;
  bool running_ = false;
  std::string path_, error_;
  int finished_ = 0;
  std::chrono::steady_clock::time_point ended_;
  std::string preset_;
  long long step_ = 0;
  bool panel_asked_ = false;
  int panel_wait_ = 0;
  std::map<std::string, std::pair<ImVec2, ImVec2>> png_buttons_;
  std::string panel_stem_;
  ImVec2 panel_min_{0, 0}, panel_max_{0, 0};
};

// The window's one Exports, for the panels' title-bar buttons.
Exports& window_exports();

// The snapshot's grid frames (2D: G's points over the data) as a timelapse GIF, and its grid
// at full resolution (a pixel a pixel, as samples.png) as a PNG: through window_exports().
void export_timelapse(const train::Snapshot& snapshot);
void export_grid_png(const train::Snapshot& snapshot);
// The "PNG" in a panel's title bar (begin_panel): exports the panel at (pos, size) when
// clicked; its text is drawn at `at`, right-aligned before the help mark.
void panel_png_button(const char* title, ImVec2 pos, ImVec2 size, ImVec2 at, float bar);

}  // namespace ganscope::app
