#include "app/gl_texture.h"

#include <glad/gl.h>

#include "app/window_cost.h"

namespace ganscope::app {

GlTexture::~GlTexture() {
  if (name_ != 0) glDeleteTextures(1, &name_);
}

void GlTexture::upload(int width, int height, int channels, const std::uint8_t* pixels) {
  if (width <= 0 || height <= 0 || pixels == nullptr || (channels != 1 && channels != 3)) return;
  const UploadTimer timed;  // the window's cost (app/window_cost.h)
  // Keep the binding and unpack state as ImGui's renderer left them.
  GLint previous_texture = 0;
  GLint previous_alignment = 4;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous_texture);
  glGetIntegerv(GL_UNPACK_ALIGNMENT, &previous_alignment);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);  // rows of 28 (or 3 x 32) bytes need not be 4-aligned

  if (name_ == 0) glGenTextures(1, &name_);
  glBindTexture(GL_TEXTURE_2D, name_);
  const GLenum format = channels == 1 ? GL_RED : GL_RGB;
  if (width != width_ || height != height_ || channels != channels_) {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    // One byte per pixel (GL_R8) is a quarter of RGBA; the swizzle makes ImGui's shader, which
    // multiplies by the texture's RGBA, see it as opaque grey.
    const GLint grey[4] = {GL_RED, GL_RED, GL_RED, GL_ONE};
    const GLint rgb[4] = {GL_RED, GL_GREEN, GL_BLUE, GL_ONE};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, channels == 1 ? grey : rgb);
    glTexImage2D(GL_TEXTURE_2D, 0, channels == 1 ? GL_R8 : GL_RGB8, width, height, 0, format,
                 GL_UNSIGNED_BYTE, pixels);
    width_ = width;
    height_ = height;
    channels_ = channels;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, format, GL_UNSIGNED_BYTE, pixels);
  }
  ++uploads_;

  glPixelStorei(GL_UNPACK_ALIGNMENT, previous_alignment);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous_texture));
}

}  // namespace ganscope::app
