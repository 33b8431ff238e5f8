// ganscope: watch a GAN learn. With no command (or "gui") it opens the window; train, sample
// and bench run headless (src/cli).
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "cli/cli.h"
#ifdef GANSCOPE_WITH_GUI
#include "app/gui.h"
#endif

namespace {

const char* kGuiHelp =
    "usage: ganscope [gui] [--preset P | --config F] [--data D] [--checkpoint F]\n"
    "                [--threads T] [--autosave-every MINUTES] [--screenshot PNG --frames N]\n"
    "Opens the window and trains live. Default: the mlp preset on Fashion-MNIST (Debian's\n"
    "dataset-fashion-mnist), or the built-in 2D ring when that is not installed.\n"
    "It autosaves every 5 minutes and on close to ~/.local/state/ganscope/autosave-<preset>.ckpt.\n"
    "Headless commands: ganscope train|sample|bench --help\n";

#ifdef GANSCOPE_WITH_GUI
// The GUI autosaves to $XDG_STATE_HOME/ganscope (or ~/.local/state/ganscope). The previous
// session's autosave is kept once, renamed, so starting a new session never overwrites it.
std::string prepare_autosave(const std::string& name, std::string& notice) {
  namespace fs = std::filesystem;
  fs::path dir;
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) dir = fs::path(state) / "ganscope";
  else if (const char* home = std::getenv("HOME"); home && *home) dir = fs::path(home) / ".local/state/ganscope";
  else return "";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return "";
  fs::path file = dir / ("autosave-" + name + ".ckpt");
  if (fs::exists(file)) {
    fs::path previous = dir / ("autosave-" + name + ".previous.ckpt");
    fs::rename(file, previous, ec);
    if (!ec)
      notice += (notice.empty() ? "" : "\n") + std::string("the last session's autosave is kept as ") +
                previous.string() + " (open it with --checkpoint)";
  }
  return file.string();
}
#endif

int gui_command(int argc, char** argv) {
  using namespace ganscope;
  return cli::guarded("gui", [&] {
    cli::Args a;
    cli::declare_config_options(a);
    a.option("screenshot").option("frames").option("threads").option("checkpoint");
    a.option("autosave-every");
    a.option("help", false);
    a.parse(argc, argv, argc > 1 && std::string(argv[1]) == "gui" ? 2 : 1);
    if (a.has("help")) {
      std::cout << kGuiHelp;
      return 0;
    }
#ifdef GANSCOPE_WITH_GUI
    app::GuiOptions o;
    cli::ResolvedConfig rc = cli::resolve_config(a);
    o.config = rc.config;
    o.notice = rc.notice;
    o.screenshot = a.text("screenshot");
    o.frames = int(a.integer("frames", o.screenshot.empty() ? 0 : 60, 1, 10000000));
    o.trainer_threads = int(a.integer("threads", 0, 1, 1024));
    o.checkpoint = a.text("checkpoint");
    o.autosave_minutes = a.number("autosave-every", 5.0, 0.0001, 1e6);
    // Screenshot runs are for tests and docs: they leave no autosave behind.
    if (o.screenshot.empty()) o.autosave_path = prepare_autosave(o.config.name, o.notice);
    return app::run_gui(o);
#else
    std::cerr << "ganscope: built without the GUI; use ganscope train|sample|bench\n";
    return 1;
#endif
  });
}

}  // namespace

int main(int argc, char** argv) {
  std::string cmd = argc > 1 ? argv[1] : "gui";
  if (cmd == "gui" || cmd.rfind("--", 0) == 0) {
    if (cmd == "--help" || cmd == "-h") {
      return ganscope::cli::main_cli(argc, argv);
    }
    return gui_command(argc, argv);
  }
  return ganscope::cli::main_cli(argc, argv);
}
