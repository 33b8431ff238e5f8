// What to do when the X server closes the window's connection (xkill, the server ending):
// Xlib then ends the process itself, after calling its I/O error handler. Kept apart from the
// rest of the window because Xlib's header defines macros (None, Bool, Status) that clash.
#pragma once

#include <functional>

namespace ganscope::app {

// Runs `last_words` (once) in Xlib's I/O error handler, then exits with status 1; nullptr
// leaves Xlib's default (print and exit).
void on_lost_display(std::function<void()> last_words);

}  // namespace ganscope::app
