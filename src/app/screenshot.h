// --screenshot: the window's pixels as a PNG, for tests and for the README, and the frame
// statistics printed with it.
#pragma once

#include <string>

namespace ganscope::app {

// Reads the default framebuffer (call after rendering a frame and before swapping buffers) and
// writes it to `path` as an RGB PNG, through path + ".tmp" and a rename so that no partial file
// is ever left at `path`. Returns "" on success, else what went wrong.
std::string save_framebuffer_png(int width, int height, const std::string& path);

// What a --screenshot run saw, printed at exit so tests can assert on it. The frame budget
// counts paced frames whether drawn or not: a minimised window draws nothing, yet
// --frames N still ends.
struct FrameStats {
  int drawn = 0;
  int minimised = 0;  // frames spent minimised (iconified or a 0x0 framebuffer)
  int gl_errors = 0;  // glGetError() results other than GL_NO_ERROR, over all drawn frames
  unsigned first_gl_error = 0;
  int smallest_width = 0;  // the smallest framebuffer drawn into (0: none yet)
  int smallest_height = 0;

  int frames() const { return drawn + minimised; }
  // After a frame is drawn: counts it, its size and every pending GL error.
  void frame_drawn(int framebuffer_width, int framebuffer_height);
};

}  // namespace ganscope::app
