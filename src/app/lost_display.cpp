#include "app/lost_display.h"

#include <X11/Xlib.h>

#include <cstdlib>
#include <utility>

namespace ganscope::app {

namespace {

std::function<void()> g_last_words;

// Called by Xlib on the thread whose X call failed (the window's), not in a signal: it may
// take locks and join threads. Xlib exits if it returns, so it exits itself, with 1.
extern "C" int handle_io_error(Display*) {
  if (auto words = std::exchange(g_last_words, nullptr)) words();
  std::_Exit(1);
}

}  // namespace

void on_lost_display(std::function<void()> last_words) {
  g_last_words = std::move(last_words);
  XSetIOErrorHandler(g_last_words ? handle_io_error : nullptr);
}

}  // namespace ganscope::app
