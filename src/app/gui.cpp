// The GUI's main loop (after Dear ImGui's GLFW + OpenGL 3 example): the window and its GL 3.3
// context, the panels over a running Session, and --screenshot for tests.
#include "app/gui.h"

// glad is the GL loader; GLFW must not pull in the system's GL header as well.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <glad/gl.h>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "app/controls_panel.h"
#include "app/discriminator_histogram.h"
#include "app/health_banner.h"
#include "app/key_taps.h"
#include "app/display_probe.h"
#include "app/latent_explorer.h"
#include "app/layout_check.h"
#include "app/lesson_panel.h"
#include "app/lost_display.h"
#include "app/loss_plot.h"
#include "app/palette.h"
#include "app/panel_help.h"
#include "app/panel_layout.h"
#include "app/plane_view.h"
#include "app/run_slot.h"
#include "app/quality_panel.h"
#include "app/sample_grid.h"
#include "app/exports.h"
#include "app/sample_history.h"
#include "app/screenshot.h"
#include "app/window_cost.h"
#include "data/dataset.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "train/session.h"

namespace ganscope::app {

namespace {

// GLFW reports errors through a callback; keep the last one to explain a failure in one line
// rather than letting every error reach stderr.
std::string last_glfw_error;
void store_glfw_error(int /*code*/, const char* description) {
  last_glfw_error = description ? description : "";
  for (char& c : last_glfw_error)
    if (c == '\n') c = ' ';
}

int cannot_open_window(std::string reason) {
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland)) reason = "no display: DISPLAY is not set";
  if (reason.empty()) reason = "unknown GLFW error";
  std::fprintf(stderr,
               "ganscope: cannot open a window (%s); use the headless commands: "
               "ganscope train|sample|bench --help\n",
               reason.c_str());
  return 1;
}

struct GlfwLibrary {
  bool ok = glfwInit() == GLFW_TRUE;
  ~GlfwLibrary() {
    if (ok) glfwTerminate();
  }
};

struct Window {
  GLFWwindow* handle = nullptr;
  ~Window() {
    if (handle) glfwDestroyWindow(handle);
  }
};

bool file_exists(const char* path) { return std::ifstream(path).good(); }

// Dear ImGui with the GLFW and OpenGL 3 backends, a readable font and a tidy dark style.
struct ImGuiRuntime {
  ImFont* headline = nullptr;

  ImGuiRuntime(GLFWwindow* window, bool ignore_mouse) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; no imgui.ini in the user's folder
    // A screenshot should not depend on where the (virtual) pointer happens to rest.
    if (ignore_mouse) io.ConfigFlags |= ImGuiConfigFlags_NoMouse;

    float scale = 1;
    glfwGetWindowContentScale(window, &scale, nullptr);
    scale = scale > 1.2f ? scale : 1.0f;
    const char* sans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    const char* bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    // fonts-dejavu-core is on nearly every Debian desktop; without it, ImGui's own font.
    // Latin-1 plus the few symbols the panels use: arrows, the em dash, the middle dot.
    static const ImWchar glyphs[] = {0x0020, 0x00FF, 0x2014, 0x2014, 0x2190, 0x2193, 0};
    if (file_exists(sans)) {
      io.Fonts->AddFontFromFileTTF(sans, 15.0f * scale, nullptr, glyphs);
    } else {
      ImFontConfig config;
      config.SizePixels = 13.0f * scale;
      io.Fonts->AddFontDefault(&config);
    }
    if (file_exists(bold)) headline = io.Fonts->AddFontFromFileTTF(bold, 22.0f * scale);

    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 4;
    style.ChildRounding = 4;
    style.FrameRounding = 4;
    style.PopupRounding = 4;
    style.GrabRounding = 3;
    style.ScrollbarRounding = 6;
    style.WindowPadding = ImVec2(10, 8);
    style.FramePadding = ImVec2(7, 4);
    style.ItemSpacing = ImVec2(8, 6);
    style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
    ImVec4* colours = style.Colors;
    colours[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.115f, 0.13f, 1.0f);
    colours[ImGuiCol_TitleBg] = ImVec4(0.15f, 0.16f, 0.19f, 1.0f);
    colours[ImGuiCol_TitleBgActive] = ImVec4(0.17f, 0.19f, 0.25f, 1.0f);
    colours[ImGuiCol_Border] = ImVec4(0.25f, 0.26f, 0.30f, 1.0f);
    style.ScaleAllSizes(scale);

    ImGui_ImplGlfw_InitForOpenGL(window, true);
    install_key_taps(window);
    ImGui_ImplOpenGL3_Init("#version 330 core");
  }
  ~ImGuiRuntime() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
};

// The panels, one per file. They own GL textures, so they go before the context does.
struct Panels {
  ControlsPanel controls;
  LossPlot loss;
  SampleGrid samples;
  PlaneView plane;  // 2D data: the samples' place
  QualityPanel quality;  // 2D data: under the plane
  DiscriminatorHistogram histogram;
  LatentExplorer explorer;
  LessonPanel lesson;  // while a lesson is open: in the explorer's place
  SampleHistory history;  // images: a double-clicked sample's own window, over the loss curves

  void draw(RunSlot& run, const train::Snapshot& snapshot) {
    train::Session& session = run.session();
    const bool points = !snapshot.images;
    const PanelLayout layout =
        layout_panels(ImGui::GetIO().DisplaySize, ImGui::GetFontSize(), points);
    const LessonPanel::Effects script = lesson.play(run, snapshot);
    if (script.loss_window) loss.show_window(*script.loss_window);
    if (script.pace) controls.show_pace(*script.pace);
    if (script.slow_motion) controls.show_slow_motion(*script.slow_motion);
    if (begin_panel("Controls", layout.controls, panel_help::kControls))
      controls.draw(run, snapshot);
    ImGui::End();
    if (begin_panel("Loss curves", layout.loss, panel_help::kLoss)) loss.draw(session, snapshot);
    ImGui::End();
    GridPick pick;
    const int a = explorer.endpoint_index(false), b = explorer.endpoint_index(true);
    if (points) {
      if (begin_panel("Plane: D(x), the data and G(z)", layout.samples, panel_help::kPlane))
        pick = plane.draw(session, snapshot, a, b);
    } else if (begin_panel("Samples", layout.samples, panel_help::kSamples)) {
      pick = samples.draw(session, snapshot, a, b);
    }
    ImGui::End();
    if (pick.index >= 0) explorer.set_endpoint(snapshot, pick.index, pick.endpoint_b);
    if (pick.open_history) history.open(pick.index);
    if (points) {
      if (begin_panel("Sample quality", layout.quality, panel_help::kQuality)) quality.draw(session, snapshot);
      ImGui::End();
    }
    // The histograms follow the time slider of the grid (2D: of the plane), as the panel over them.
    const std::int64_t past = points ? plane.past_step() : samples.past_step();
    const train::GridFrame* frame = past >= 0 ? train::frame_at(snapshot.grid_frames, past) : nullptr;
    if (frame && frame->d_real.empty() && frame->d_fake.empty()) frame = nullptr;  // before any step
    if (begin_panel("Discriminator: D(x) and D(G(z))", layout.histogram, panel_help::kHistogram))
      histogram.draw(snapshot, frame);
    ImGui::End();
    if (lesson.open()) {
      if (begin_panel("Lesson", layout.explorer, panel_help::kLesson)) lesson.draw(run, snapshot);
    } else if (begin_panel("Latent explorer", layout.explorer, panel_help::kExplorer)) {
      explorer.draw(snapshot);
    }
    ImGui::End();
    frame_highlighted(layout, points);
    history.draw(session, snapshot, layout.loss.pos, layout.loss.size);
    window_exports().draw_status();
  }

  // The panel the lesson's note talks about, framed over everything in the note's colour.
  void frame_highlighted(const PanelLayout& layout, bool points) const {
    const std::string name = lesson.highlight();
    const PanelRect* rect = nullptr;
    if (name == "Controls" || name == "Image quality") rect = &layout.controls;
    if (name == "Loss curves") rect = &layout.loss;
    if (name == "Plane" || name == "Samples") rect = &layout.samples;
    if (name == "Sample quality" && points) rect = &layout.quality;
    if (name == "Discriminator") rect = &layout.histogram;
    if (!rect) return;
    const ImVec2 lo(rect->pos.x - 2, rect->pos.y - 2);
    const ImVec2 hi(rect->pos.x + rect->size.x + 2, rect->pos.y + rect->size.y + 2);
    ImGui::GetForegroundDrawList()->AddRect(lo, hi, palette::kLessonFrame, 6, 0, 3);
  }
};

void render(GLFWwindow* window) {
  ImGui::Render();
  int width = 0, height = 0;
  glfwGetFramebufferSize(window, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(0.07f, 0.075f, 0.085f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// One frame saying what is happening while the data loads and the models are built; a folder
// of pictures adds its count, rate and a bar (fraction in [0, 1]; below 0 none).
int loading_frames = 0;  // for --screenshot's report
void show_loading(GLFWwindow* window, const std::string& what, const std::string& progress = "",
                  float fraction = -1) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::Begin("##loading", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::Text("Loading %s and building the models...", what.c_str());
  if (fraction >= 0) {
    ImGui::ProgressBar(fraction, ImVec2(ImGui::GetFontSize() * 28, 0));
    ImGui::TextUnformatted(progress.c_str());
  }
  ImGui::End();
  render(window);
  // A test (or the README's picture) keeps the last loading frame with a bar.
  if (const char* keep = std::getenv("GANSCOPE_TEST_LOADING_PNG"); keep && *keep && fraction >= 0) {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    save_framebuffer_png(w, h, keep);
  }
  glfwSwapBuffers(window);
  ++loading_frames;
}

// While a run opens: a folder of pictures' progress on the loading screen (the data layer
// calls it about 4 times a second), and the window's events handled so it stays a window.
class LoadingScreen {
 public:
  LoadingScreen(GLFWwindow* window, const std::string& what)
      : window_(window), what_(what), progress_([this](const std::string& dir, int done, int total, double seconds) {
          char text[256];
          std::snprintf(text, sizeof text, "%s: %d of %d pictures (%.0f a second)", dir.c_str(), done, total,
                        seconds > 0 ? done / seconds : 0.0);
          glfwPollEvents();
          show_loading(window_, what_, text, total > 0 ? float(done) / float(total) : 0.0f);
        }) {
    show_loading(window_, what_);
  }

 private:
  GLFWwindow* window_;
  std::string what_;
  data::ScopedLoadingProgress progress_;
};

std::string window_title(const train::Snapshot& snapshot) {
  return "ganscope \xE2\x80\x94 " + snapshot.preset + " on " + snapshot.data_description +
         (snapshot.watching.empty() ? "" : " (watching " + snapshot.watching + ")");
}

// Saves the screenshot of the frame just drawn and prints what tests check; the exit code.
int finish_screenshot(RunSlot& run, const GuiOptions& options, int width, int height, const FrameStats& stats,
                      Panels& panels, const train::Snapshot& snapshot) {
  const std::string error = save_framebuffer_png(width, height, options.screenshot);
  if (!error.empty()) {
    std::fprintf(stderr, "ganscope: cannot save the screenshot: %s\n", error.c_str());
    return 1;
  }
  // Where the grid (2D data: the plane's plot) is, in framebuffer pixels, and how often its
  // texture was uploaded.
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  const bool points = !snapshot.images;
  const ImVec2 lo = points ? panels.plane.plot_min() : panels.samples.grid_min();
  const ImVec2 hi = points ? panels.plane.plot_max() : panels.samples.grid_max();
  std::printf("grid_rect %d %d %d %d\n", int(lo.x * scale.x), int(lo.y * scale.y),
              int((hi.x - lo.x) * scale.x), int((hi.y - lo.y) * scale.y));
  std::printf("grid_uploads %d generations %d frames %d step %lld images %d\n",
              points ? panels.plane.heatmap_uploads() : panels.samples.uploads(),
              points ? panels.plane.generations_seen() : panels.samples.generations_seen(),
              stats.drawn, static_cast<long long>(snapshot.step), snapshot.images ? 1 : 0);
  if (points) {
    // The plane: the view the trainer evaluated D over last, and how many views it was sent.
    std::printf("plane_view %.4f %.4f %.4f %.4f\n", double(snapshot.plane.view.x0),
                double(snapshot.plane.view.x1), double(snapshot.plane.view.y0), double(snapshot.plane.view.y1));
    std::printf("heatmap_size %d views_sent %d manifold %d arrows %d modes %d\n",
                snapshot.plane.heatmap_size, panels.plane.views_sent(),
                snapshot.plane.manifold_rows * snapshot.plane.manifold_cols,
                int(snapshot.plane.fake_push.size() / 2), int(snapshot.plane.mode_centres.size() / 2));
    std::printf("mode_std %.4f quality_modes %d captured %d high_quality %.2f kl %.4f js %.4f\n",
                double(snapshot.plane.mode_std), snapshot.plane.quality.modes, snapshot.plane.quality.modes_captured,
                double(snapshot.plane.quality.high_quality), double(snapshot.plane.quality.kl),
                double(snapshot.plane.quality.js));
  } else {
    std::printf("fcd_points %d last_fcd %.3f\n", int(snapshot.image.fcd.size()),
                snapshot.image.fcd.empty() ? -1.0 : double(snapshot.image.fcd.back().quality.fcd));
    // The sample's window (--open-sample): frames in its strip, and its nearest images.
    if (const SampleHistory& h = panels.history; h.is_open()) {
      const train::NearestImages* n = h.nearest_shown();
      std::printf("sample_view sample %d frames %d kept %d nearest %d first_index %d "
                  "first_distance %.1f searched %d nearest_ms %.2f\n",
                  h.sample(), h.frames_shown(), int(snapshot.grid_frames.size()),
                  n ? int(n->indices.size()) : 0, n && !n->indices.empty() ? n->indices[0] : -1,
                  n && !n->distances.empty() ? double(n->distances[0]) : -1.0, n ? n->searched : 0,
                  n ? n->milliseconds : -1.0);
    }
  }
  std::printf("preset %s\n", snapshot.preset.c_str());
  Exports& exports = window_exports();
  exports.wait();
  std::printf("exports %d path '%s' error '%s'\n", exports.finished(), exports.last_path().c_str(),
              exports.last_error().c_str());
  const ImVec2 export_lo = points ? panels.plane.export_min() : panels.samples.export_min();
  const ImVec2 export_hi = points ? panels.plane.export_max() : panels.samples.export_max();
  // The Export button, and the height of its menu's lines and the menu's padding (the menu
  // opens at the click): where a test clicks.
  std::printf("export_button %d %d %d %d line %d pad %d\n", int(export_lo.x * scale.x), int(export_lo.y * scale.y),
              int(export_hi.x * scale.x), int(export_hi.y * scale.y), int(ImGui::GetTextLineHeightWithSpacing() * scale.y),
              int(ImGui::GetStyle().WindowPadding.y * scale.y));
  if (!points)
    std::printf("grid_time shown %lld live %lld frames %zu slider %d %d %d %d\n", (long long)panels.samples.shown_step(),
                (long long)snapshot.step, snapshot.grid_frames.size(), int(panels.samples.time_min().x * scale.x),
                int(panels.samples.time_min().y * scale.y), int(panels.samples.time_max().x * scale.x),
                int(panels.samples.time_max().y * scale.y));
  if (points)
    std::printf("plane_time past %lld live %lld frames %zu slider %d %d %d %d\n", (long long)panels.plane.past_step(),
                (long long)snapshot.step, snapshot.grid_frames.size(), int(panels.plane.time_min().x * scale.x),
                int(panels.plane.time_min().y * scale.y), int(panels.plane.time_max().x * scale.x),
                int(panels.plane.time_max().y * scale.y));
  std::printf("overlay rows %zu error '%s'\n", panels.loss.overlay_rows(), panels.loss.overlay_error().c_str());
  std::printf("walk_export_button %d %d %d %d\n", int(panels.explorer.export_min().x * scale.x),
              int(panels.explorer.export_min().y * scale.y), int(panels.explorer.export_max().x * scale.x),
              int(panels.explorer.export_max().y * scale.y));
  for (const auto& [name, rect] : exports.png_buttons())
    std::printf("panel_png %s %d %d %d %d\n", name.c_str(), int(rect.first.x * scale.x), int(rect.first.y * scale.y),
                int(rect.second.x * scale.x), int(rect.second.y * scale.y));
  std::printf("loading_frames %d\n", loading_frames);
  if (!snapshot.class_names.empty()) {
    // The combo, and where its popup's line k is: from its bottom, a window padding, k lines.
    const ImVec2 lo = panels.samples.class_combo_min(), hi = panels.samples.class_combo_max();
    std::printf("grid_class %d combo %d %d %d %d line %d pad %d\n", snapshot.grid_class, int(lo.x * scale.x),
                int(lo.y * scale.y), int(hi.x * scale.x), int(hi.y * scale.y),
                int(ImGui::GetTextLineHeightWithSpacing() * scale.y), int(ImGui::GetStyle().WindowPadding.y * scale.y));
  }
  if (const LessonPanel& l = panels.lesson; l.open())
    std::printf("lesson %s note %d of %d '%s' highlight '%s' next_event %lld\n", run.lesson()->name.c_str(),
                l.note_shown() + 1, l.notes(), l.note_title().c_str(), l.highlight().c_str(),
                static_cast<long long>(l.next_event()));
  if (!snapshot.watching.empty())
    std::printf("watching '%s' watched_step %lld step %lld pending %d\n", snapshot.watching.c_str(),
                (long long)snapshot.watched_step, (long long)snapshot.step, snapshot.watch_pending ? 1 : 0);
  const BranchButton& branch = points ? panels.plane.branch_button() : panels.samples.branch_button();
  std::printf("branch_button %d %d %d %d states %zu bytes %zu abandoned %lld rows %zu\n", int(branch.min.x * scale.x),
              int(branch.min.y * scale.y), int(branch.max.x * scale.x), int(branch.max.y * scale.y),
              snapshot.kept_states.size(), snapshot.kept_state_bytes,
              snapshot.abandoned ? (long long)snapshot.abandoned->from_step : -1LL,
              snapshot.abandoned ? snapshot.abandoned->rows.size() : std::size_t(0));
  std::printf("histogram_step %lld grid_shown %lld\n", (long long)panels.histogram.shown_step(),
              (long long)(points ? panels.plane.shown_past_step() : panels.samples.past_step() < 0 ? -1 : panels.samples.shown_step()));
  std::printf("lr_d_slider %d %d %d %d\n", int(panels.controls.lr_d_min().x * scale.x),
              int(panels.controls.lr_d_min().y * scale.y), int(panels.controls.lr_d_max().x * scale.x),
              int(panels.controls.lr_d_max().y * scale.y));
  std::printf("paused %d half_done %c\n", snapshot.paused ? 1 : 0, snapshot.half_done ? snapshot.half_done : '-');
  if (!run.notice().empty()) std::printf("notice %s\n", run.notice().c_str());
  if (!snapshot.notice.empty()) std::printf("session_notice %s\n", snapshot.notice.c_str());
  // Window events: frames spent minimised, and the smallest framebuffer drawn into.
  std::printf("minimised_frames %d smallest_width %d smallest_height %d\n", stats.minimised,
              stats.smallest_width, stats.smallest_height);
  std::printf("gl_errors %d first_gl_error 0x%04x\n", stats.gl_errors, stats.first_gl_error);
  // Text over text, and text cut at its side, in the panels a learner reads most.
  if (const ImDrawData* drawn = ImGui::GetDrawData())
    for (const TextLayoutIssues& t : check_text_layout(*drawn, {"Controls", "Latent explorer", "Lesson",
                                                                "Discriminator: D(x) and D(G(z))",
                                                                "Sample #" + std::to_string(panels.history.sample()) +
                                                                    "###sample_history"}))
      std::printf("layout '%s' glyphs %d overlaps %d %s clipped %d %s\n", t.window.c_str(), t.glyphs,
                  t.overlaps, t.first_overlap.empty() ? "-" : t.first_overlap.c_str(), t.clipped,
                  t.first_clip.empty() ? "-" : t.first_clip.c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace

namespace {

// SIGINT, SIGTERM and SIGHUP (Ctrl-C in the terminal, a logout, `kill`) close the window as
// its close button does: the loop ends at the next frame and the run is autosaved.
std::atomic<int> g_close_signal{0};
extern "C" void on_close_signal(int signo) { g_close_signal = signo; }

struct CloseSignals {
  struct sigaction old[3] {};
  static constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};
  CloseSignals() {
    g_close_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = on_close_signal;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &sa, &old[i]);
  }
  ~CloseSignals() {
    for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &old[i], nullptr);
  }
};

// The X server closing the connection (the window killed with xkill, the server gone) ends
// the process inside Xlib: the run is autosaved first, as closing does.
struct LostDisplayGuard {
  explicit LostDisplayGuard(RunSlot& run) {
    on_lost_display([&run] {
      run.close_now();
      const train::Snapshot& last = *run.session().snapshot();
      std::fprintf(stderr,
                   "ganscope: the display connection was lost (the window was killed or the X "
                   "server ended) at step %lld%s%s\n",
                   static_cast<long long>(last.step), last.autosaved_step >= 0 ? "; saved in " : "",
                   last.autosaved_step >= 0 ? last.autosave_path.c_str() : "");
    });
  }
  ~LostDisplayGuard() { on_lost_display(nullptr); }
};

}  // namespace

int run_gui(const GuiOptions& options) {
  glfwSetErrorCallback(store_glfw_error);
  // glfwInit would wait forever on a display that accepts and never answers.
  if (std::string silent = silent_display(std::getenv("DISPLAY")); !silent.empty())
    return cannot_open_window(silent);
  GlfwLibrary glfw;
  if (!glfw.ok) return cannot_open_window(last_glfw_error);

  const bool screenshot = !options.screenshot.empty();
  // 1600 x 1000 (--window) where the screen allows (screenshots too, so tests know their size).
  int width = options.window_width, height = options.window_height;
  if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
    int x = 0, y = 0, area_w = 0, area_h = 0;
    glfwGetMonitorWorkarea(monitor, &x, &y, &area_w, &area_h);
    // Leave room for a window manager's decorations, except in a screenshot (Xvfb has none).
    const float room = screenshot ? 1.0f : 0.94f;
    if (area_w > 0 && area_h > 0) {
      width = std::min(width, int(area_w * room));
      height = std::min(height, int(area_h * room));
    }
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  if (screenshot) glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
  Window window;
  window.handle = glfwCreateWindow(width, height, "ganscope", nullptr, nullptr);
  if (!window.handle) return cannot_open_window("no OpenGL 3.3 core context: " + last_glfw_error);
  glfwMakeContextCurrent(window.handle);
  const int gl_version = gladLoadGL(glfwGetProcAddress);
  if (gl_version == 0 || GLAD_VERSION_MAJOR(gl_version) * 10 + GLAD_VERSION_MINOR(gl_version) < 33)
    return cannot_open_window("cannot load OpenGL 3.3 functions");
  glfwSwapInterval(screenshot ? 0 : 1);

  ImGuiRuntime imgui(window.handle, screenshot && !options.screenshot_mouse);
  // The run shown, its session and the panels over it. A signal from here on closes the
  // window the way its close button does, autosaving the run.
  CloseSignals close_signals;
  RunSlot run(options);
  try {
    LoadingScreen loading(window.handle, options.config.data.empty() ? "the data" : options.config.data);
    run.open_first();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ganscope: %s\n", e.what());
    return 1;
  }
  LostDisplayGuard lost_display(run);
  auto panels = std::make_unique<Panels>();
  WindowCost cost;
  panels->controls.headline_font = imgui.headline;
  panels->controls.window_cost = &cost;
  if (options.open_sample >= 0) panels->history.open(options.open_sample);
  if (!options.overlay.empty()) panels->loss.set_overlay(options.overlay);
  std::string title;
  FrameStats stats;
  const int frames_wanted = std::max(options.frames, 1);
  std::string switch_to = options.switch_to;
  // Screenshot runs pace their frames at 60 a second; a test may slow them down
  // (GANSCOPE_TEST_FRAME_MS) to act on a window with a low frame rate.
  auto frame_interval = std::chrono::microseconds(16667);
  if (const char* ms = std::getenv("GANSCOPE_TEST_FRAME_MS"); ms && std::atoi(ms) > 0)
    frame_interval = std::chrono::microseconds(1000 * std::atoi(ms));
  // A screenshot due while the window is minimised waits this long for it to come back.
  constexpr double kMinimisedScreenshotWaitSeconds = 10;
  double screenshot_due_at = -1;
  auto next_frame = std::chrono::steady_clock::now();
  int exit_code = 0;
  const bool bench = options.bench_seconds > 0;
  double bench_started = -1;
  std::int64_t bench_first_step = 0;
  while (!glfwWindowShouldClose(window.handle) && g_close_signal == 0) {
    // The key taps that ended within the last frame end now, ImGui having seen them down in it;
    // before this frame's NewFrame, never within a frame: ImGui 1.86 asserts that the
    // modifiers (Ctrl+A in a text field) do not change between NewFrame and the widgets.
    release_held_key_taps(window.handle);
    glfwPollEvents();
    int fb_width = 0, fb_height = 0;
    glfwGetFramebufferSize(window.handle, &fb_width, &fb_height);
    if (fb_width <= 0 || fb_height <= 0 || glfwGetWindowAttrib(window.handle, GLFW_ICONIFIED)) {
      // Minimised: nothing to draw (and no GL call on a 0x0 surface), and no busy loop.
      if (!screenshot) {
        glfwWaitEventsTimeout(0.1);
        continue;
      }
      ++stats.minimised;
      if (stats.frames() >= frames_wanted) {
        if (screenshot_due_at < 0) {
          screenshot_due_at = glfwGetTime();
          glfwRestoreWindow(window.handle);
        } else if (glfwGetTime() - screenshot_due_at > kMinimisedScreenshotWaitSeconds) {
          std::fprintf(stderr,
                       "ganscope: cannot save the screenshot: the window stayed minimised\n");
          exit_code = 1;
          break;
        }
      }
      next_frame += frame_interval;
      std::this_thread::sleep_until(next_frame);
      continue;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();

    // One snapshot for the whole frame, so every panel shows the same moment.
    const std::shared_ptr<const train::Snapshot> snapshot = run.session().snapshot();
    cost.frame(glfwGetTime(), snapshot->generation, snapshot->publish_ms);
    // --bench: from the first frame drawn, train and draw for the given time, then say the cost.
    if (bench) {
      if (bench_started < 0) {
        bench_started = glfwGetTime();
        bench_first_step = run.session().step();
        cost.restart();
        cost.frame(bench_started, snapshot->generation, snapshot->publish_ms);
      } else if (glfwGetTime() - bench_started >= options.bench_seconds) {
        const double elapsed = glfwGetTime() - bench_started;
        const double rate = double(run.session().step() - bench_first_step) / elapsed;
        std::printf("%s\n", WindowCost::bench_line(rate, cost).c_str());
        break;
      }
    }
    run.tick(*snapshot);
    if (const std::string wanted = window_title(*snapshot); wanted != title) {
      title = wanted;
      glfwSetWindowTitle(window.handle, title.c_str());
    }
    window_exports().set_run(snapshot->preset, snapshot->step);
    panels->draw(run, *snapshot);
    render(window.handle);
    window_exports().capture_pending_panel(fb_width, fb_height, ImGui::GetIO().DisplayFramebufferScale);

    if (screenshot) {
      stats.frame_drawn(fb_width, fb_height);
      if (stats.frames() >= frames_wanted) {
        exit_code = finish_screenshot(run, options, fb_width, fb_height, stats, *panels, *snapshot);
        break;
      }
    }
    glfwSwapBuffers(window.handle);
    RunRequest wanted = panels->controls.take_request();
    if (RunRequest r = panels->lesson.take_request()) wanted = r;
    if (RunRequest r = take_health_banner_request()) wanted = r;
    // --switch-to P in a screenshot run: as if the user picked P halfway through the frames.
    if (screenshot && !switch_to.empty() && stats.frames() >= frames_wanted / 2) {
      wanted = {RunRequest::Kind::Preset, switch_to, false};
      switch_to.clear();
    }
    if (wanted) {
      std::optional<LoadingScreen> loading;
      if (wanted.kind != RunRequest::Kind::NewRun)
        loading.emplace(window.handle, wanted.kind == RunRequest::Kind::Preset ? "'" + wanted.target + "'"
                                                                                : wanted.target);
      const bool opened = run.open(wanted);
      loading.reset();
      if (opened) {
        const std::string overlay = panels->loss.overlay_path();  // the comparison stays
        panels = std::make_unique<Panels>();  // fresh plots and textures for the new model
        panels->loss.set_overlay(overlay);
        panels->controls.headline_font = imgui.headline;
        panels->controls.window_cost = &cost;
        title.clear();
      }
    }
    if (screenshot) {
      // No vsync here: pace at 60 frames a second so --frames N means about N/60 s of
      // training, and the trainer keeps the CPU.
      next_frame += frame_interval;
      std::this_thread::sleep_until(next_frame);
    }
  }
  if (const int signo = g_close_signal.load()) {
    run.session().stop();  // autosaves
    const train::Snapshot& last = *run.session().snapshot();
    std::fprintf(stderr, "ganscope: %s: closing at step %lld%s%s\n", strsignal(signo),
                 static_cast<long long>(last.step), last.autosaved_step >= 0 ? "; saved in " : "",
                 last.autosaved_step >= 0 ? last.autosave_path.c_str() : "");
    return 128 + signo;
  }
  return exit_code;
}

}  // namespace ganscope::app
