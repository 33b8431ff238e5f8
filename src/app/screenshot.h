// --screenshot: the window's pixels as a PNG, for tests and for the README.
#pragma once

#include <string>

namespace ganscope::app {

// Reads the default framebuffer (call after rendering a frame and before swapping buffers) and
// writes it to `path` as an RGB PNG, through path + ".tmp" and a rename so that no partial file
// is ever left at `path`. Returns "" on success, else what went wrong.
std::string save_framebuffer_png(int width, int height, const std::string& path);

}  // namespace ganscope::app
