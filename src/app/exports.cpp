#include "app/exports.h"

#include <glad/gl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "app/palette.h"
#include "io/pictures.h"
#include "train/snapshot.h"
#include "train/timelapse.h"

namespace ganscope::app {

namespace fs = std::filesystem;

std::string export_folder() {
  const char* home = std::getenv("HOME");
  const fs::path base = home && *home ? fs::path(home) : fs::current_path();
  std::error_code ec;
  if (fs::is_directory(base / "Pictures", ec)) return (base / "Pictures" / "ganscope").string();
  return (base / "ganscope-exports").string();
}

std::string fresh_path(const std::string& folder, const std::string& stem, const std::string& ext) {
  std::error_code ec;
  for (int k = 1;; ++k) {
    const fs::path p = fs::path(folder) / (stem + (k > 1 ? "-" + std::to_string(k) : "") + "." + ext);
    if (!fs::exists(fs::symlink_status(p, ec))) return p.string();
  }
}

std::string export_stem(const std::string& preset, long long step, const std::string& what) {
  std::string s = (preset.empty() ? "ganscope" : preset) + "-step" + std::to_string(step) + "-" + what;
  for (char& c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) c = '-';
  return s;
}

Exports::~Exports() {
  if (worker_.joinable()) worker_.join();
}

void Exports::wait() {
  if (worker_.joinable()) worker_.join();
}

void Exports::set_run(const std::string& preset, long long step) {
  preset_ = preset;
  step_ = step;
}

bool Exports::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_;
}

void Exports::finish(const std::string& path, const std::string& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  running_ = false;
  path_ = error.empty() ? path : "";
  error_ = error;
  ++finished_;
  ended_ = std::chrono::steady_clock::now();
}

void Exports::start(const std::string& stem, const std::string& ext, std::function<void(const std::string&)> write) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (running_) {
      error_ = "an export is still being written; try again in a moment";
      path_.clear();
      ended_ = std::chrono::steady_clock::now();
      return;
    }
    running_ = true;
  }
  if (worker_.joinable()) worker_.join();  // the last one has ended: running_ was false
  const std::string folder = export_folder();
  worker_ = std::thread([this, folder, stem, ext, write = std::move(write)] {
    std::string path, error;
    try {
      fs::create_directories(folder);
      path = fresh_path(folder, stem, ext);
      write(path);
    } catch (const std::exception& e) {
      error = e.what();
    }
    finish(path, error);
  });
}

void Exports::ask_panel(const std::string& stem, ImVec2 min, ImVec2 max) {
  panel_asked_ = true;
  panel_wait_ = 1;  // the next frame, drawn without the button's tooltip and the status line
  panel_stem_ = stem;
  panel_min_ = min;
  panel_max_ = max;
}

void Exports::capture_pending_panel(int fb_w, int fb_h, ImVec2 scale) {
  if (!panel_asked_ || panel_wait_-- > 0) return;
  panel_asked_ = false;
  const int x0 = std::clamp(int(panel_min_.x * scale.x), 0, fb_w), x1 = std::clamp(int(panel_max_.x * scale.x), 0, fb_w);
  const int y0 = std::clamp(int(panel_min_.y * scale.y), 0, fb_h), y1 = std::clamp(int(panel_max_.y * scale.y), 0, fb_h);
  const int w = x1 - x0, h = y1 - y0;
  if (w <= 0 || h <= 0) return;
  std::vector<unsigned char> pixels(std::size_t(w) * std::size_t(h) * 3);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(x0, fb_h - y1, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // GL's rows run bottom to top, PNG's top to bottom.
  std::vector<unsigned char> flipped(pixels.size());
  const std::size_t row = std::size_t(w) * 3;
  for (int y = 0; y < h; ++y)
    std::copy_n(pixels.data() + std::size_t(h - 1 - y) * row, row, flipped.data() + std::size_t(y) * row);
  start(panel_stem_, "png", [w, h, flipped = std::move(flipped)](const std::string& path) {
    io::write_png(path, w, h, 3, flipped, io::Replace::No);
  });
}

std::string Exports::last_path() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return path_;
}

std::string Exports::last_error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

int Exports::finished() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return finished_;
}

void Exports::draw_status() {
  if (panel_asked_) return;
  std::string text;
  bool failed = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const double age = std::chrono::duration<double>(std::chrono::steady_clock::now() - ended_).count();
    if (running_) text = "Exporting...";
    else if ((path_.empty() && error_.empty()) || age > 8) return;
    else if (!error_.empty()) text = "Could not export: " + error_, failed = true;
    else text = "Saved " + path_;
  }
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const ImVec2 at(8, display.y - size.y - 10);
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  draw->AddRectFilled(ImVec2(at.x - 4, at.y - 3), ImVec2(at.x + size.x + 4, at.y + size.y + 3), IM_COL32(20, 22, 28, 235), 4);
  draw->AddText(at, failed ? palette::kFake : IM_COL32(230, 230, 235, 255), text.c_str());
}

Exports& window_exports() {
  static Exports exports;
  return exports;
}

void export_timelapse(const train::Snapshot& snapshot) {
  Exports& e = window_exports();
  e.start(e.stem("timelapse"), "gif", [source = train::timelapse_source(snapshot)](const std::string& path) {
    train::write_timelapse(path, source, 0, io::Replace::No);
  });
}

void export_grid_png(const train::Snapshot& s) {
  Exports& e = window_exports();
  const int per_row = io::grid_columns(s.grid_count);
  e.start(e.stem("grid"), "png", [pixels = s.grid_pixels, count = s.grid_count, rows = s.rows, cols = s.cols,
                                  channels = s.channels, per_row](const std::string& path) {
    int w = 0, h = 0;
    const auto tiled = io::tile_images(pixels, count, rows, cols, per_row, &w, &h, channels);
    io::write_png(path, w, h, channels, tiled, io::Replace::No);
  });
}

void panel_png_button(const char* title, ImVec2 pos, ImVec2 size, ImVec2 at, float bar) {
  const ImVec2 text = ImGui::CalcTextSize("PNG");
  const bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
                       ImGui::IsMouseHoveringRect(ImVec2(at.x - 4, pos.y), ImVec2(at.x + text.x + 4, pos.y + bar), false);
  ImGui::GetWindowDrawList()->AddText(at, ImGui::GetColorU32(hovered ? ImGuiCol_Text : ImGuiCol_TextDisabled), "PNG");
  // The name before a colon ("Plane: D(x), ..." is the plane), lower case.
  std::string name(title, std::strcspn(title, ":#"));
  for (char& c : name) c = c == ' ' ? '-' : char(std::tolower(static_cast<unsigned char>(c)));
  Exports& e = window_exports();
  e.note_png_button(name, ImVec2(at.x, pos.y), ImVec2(at.x + text.x, pos.y + bar));
  if (!hovered || e.panel_pending()) return;
  ImGui::SetTooltip("Save this panel as a PNG, as it looks now (in %s)", export_folder().c_str());
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    e.ask_panel(e.stem(name), pos, ImVec2(pos.x + size.x, pos.y + size.y));
  }
}

}  // namespace ganscope::app
