// A GL texture owned by one panel (the sample grid, the latent explorer). Created, filled and
// deleted on the UI thread only, which is the only thread with the GL context.
#pragma once

#include <cstdint>

#include "imgui.h"

namespace ganscope::app {

class GlTexture {
 public:
  GlTexture() = default;
  ~GlTexture();
  GlTexture(const GlTexture&) = delete;
  GlTexture& operator=(const GlTexture&) = delete;

  // Replaces the contents with width x height grey pixels (one byte each, rows top to bottom).
  // Sampled as grey with nearest filtering, so scaled-up pixels stay crisp.
  void upload_grey(int width, int height, const std::uint8_t* pixels) { upload(width, height, 1, pixels); }
  // The same for channels 1 (grey) or 3 (RGB, interleaved).
  void upload(int width, int height, int channels, const std::uint8_t* pixels);

  bool empty() const { return name_ == 0; }
  int width() const { return width_; }
  int height() const { return height_; }
  int uploads() const { return uploads_; }  // how many times it was filled (tested via stdout)
  ImTextureID id() const {
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(name_));
  }

 private:
  unsigned name_ = 0;
  int width_ = 0;
  int height_ = 0;
  int channels_ = 0;
  int uploads_ = 0;
};

}  // namespace ganscope::app
