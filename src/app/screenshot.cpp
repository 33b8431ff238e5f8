#include "app/screenshot.h"

#include "io/atomic_file.h"

#include <glad/gl.h>
#include <stb/stb_image_write.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace ganscope::app {

std::string save_framebuffer_png(int width, int height, const std::string& path) {
  if (width <= 0 || height <= 0) return "the window has no pixels (minimised?)";
  const std::size_t row_bytes = std::size_t(width) * 3;
  std::vector<unsigned char> pixels(row_bytes * std::size_t(height));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  if (const GLenum error = glGetError(); error != GL_NO_ERROR) {
    char message[64];
    std::snprintf(message, sizeof message, "glReadPixels failed (GL error 0x%04x)", error);
    return message;
  }
  // GL's rows run bottom to top, PNG's top to bottom.
  std::vector<unsigned char> row(row_bytes);
  for (int top = 0, bottom = height - 1; top < bottom; ++top, --bottom) {
    unsigned char* a = pixels.data() + std::size_t(top) * row_bytes;
    unsigned char* b = pixels.data() + std::size_t(bottom) * row_bytes;
    std::memcpy(row.data(), a, row_bytes);
    std::memcpy(a, b, row_bytes);
    std::memcpy(b, row.data(), row_bytes);
  }
  // Encoded in memory, then written whole through the one atomic writer (a hidden temporary,
  // removed on failure or on a signal).
  std::string png;
  auto append = [](void* out, void* data, int n) {
    static_cast<std::string*>(out)->append(static_cast<const char*>(data), std::size_t(n));
  };
  if (stbi_write_png_to_func(append, &png, width, height, 3, pixels.data(), int(row_bytes)) == 0)
    return "cannot encode the PNG";
  try {
    io::write_file_atomically(path, png);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

void FrameStats::frame_drawn(int framebuffer_width, int framebuffer_height) {
  ++drawn;
  if (smallest_width == 0 ||
      framebuffer_width * framebuffer_height < smallest_width * smallest_height) {
    smallest_width = framebuffer_width;
    smallest_height = framebuffer_height;
  }
  // GL keeps one flag per kind of error; drain them all. The bound covers a lost context,
  // where some drivers report GL_CONTEXT_LOST forever.
  for (int i = 0; i < 16; ++i) {
    const GLenum error = glGetError();
    if (error == GL_NO_ERROR) break;
    if (gl_errors++ == 0) first_gl_error = error;
  }
}

}  // namespace ganscope::app
