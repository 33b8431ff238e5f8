#include "io/gif_file.h"

#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>


namespace ganscope::io {

namespace {

int append_output(GifFileType* gif, const GifByteType* bytes, int n) {
  static_cast<std::string*>(gif->UserData)->append(reinterpret_cast<const char*>(bytes), std::size_t(n));
  return n;
}

struct ColorMapDeleter {
  void operator()(ColorMapObject* m) const { GifFreeMapObject(m); }
};
using ColorMap = std::unique_ptr<ColorMapObject, ColorMapDeleter>;

// One frame as palette indices and its palette (256 entries, as giflib wants a power of two).
// Exact when the frame has at most 256 colours (grey grids, plots); else median cut.
ColorMap index_frame(const std::vector<std::uint8_t>& rgb, int width, int height, std::vector<GifByteType>& indices) {
  const std::size_t n = std::size_t(width) * std::size_t(height);
  indices.resize(n);
  ColorMap map(GifMakeMapObject(256, nullptr));
  if (!map) throw std::runtime_error("GIF: out of memory for a palette");
  std::vector<std::uint32_t> colours;  // the frame's distinct colours, sorted, while <= 256
  colours.reserve(257);
  for (std::size_t i = 0; i < n && colours.size() <= 256; ++i) {
    const std::uint32_t c = std::uint32_t(rgb[3 * i]) << 16 | std::uint32_t(rgb[3 * i + 1]) << 8 | rgb[3 * i + 2];
    auto at = std::lower_bound(colours.begin(), colours.end(), c);
    if (at == colours.end() || *at != c) colours.insert(at, c);
  }
  if (colours.size() <= 256) {
    for (std::size_t k = 0; k < colours.size(); ++k)
      map->Colors[k] = {GifByteType(colours[k] >> 16), GifByteType(colours[k] >> 8 & 255), GifByteType(colours[k] & 255)};
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t c = std::uint32_t(rgb[3 * i]) << 16 | std::uint32_t(rgb[3 * i + 1]) << 8 | rgb[3 * i + 2];
      indices[i] = GifByteType(std::lower_bound(colours.begin(), colours.end(), c) - colours.begin());
    }
    return map;
  }
  std::vector<GifByteType> planes(3 * n);
  for (std::size_t i = 0; i < n; ++i)
    for (int c = 0; c < 3; ++c) planes[std::size_t(c) * n + i] = rgb[3 * i + std::size_t(c)];
  int size = 256;
  if (GifQuantizeBuffer(unsigned(width), unsigned(height), &size, planes.data(), planes.data() + n,
                        planes.data() + 2 * n, indices.data(), map->Colors) != GIF_OK)
    throw std::runtime_error("GIF: cannot reduce a frame to 256 colours");
  return map;
}

void put_delay(GifFileType* gif, int delay_cs) {
  GraphicsControlBlock gcb{DISPOSE_DO_NOT, false, delay_cs, NO_TRANSPARENT_COLOR};
  std::array<GifByteType, 4> ext{};
  EGifGCBToExtension(&gcb, ext.data());
  if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, ext.data()) != GIF_OK)
    throw std::runtime_error("GIF: cannot write a frame's delay");
}

// The NETSCAPE2.0 application block: loop for ever.
void put_loop(GifFileType* gif) {
  const GifByteType loop[3] = {1, 0, 0};
  if (EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) != GIF_OK ||
      EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0") != GIF_OK || EGifPutExtensionBlock(gif, 3, loop) != GIF_OK ||
      EGifPutExtensionTrailer(gif) != GIF_OK)
    throw std::runtime_error("GIF: cannot write the loop block");
}

struct GifCloser {
  void operator()(GifFileType* g) const {
    int error = 0;
    EGifCloseFile(g, &error);
  }
};

}  // namespace

std::string encode_gif(const GifFrames& g) {
  if (g.frames.empty()) throw std::invalid_argument("GIF: no frames");
  if (g.width < 1 || g.height < 1 || g.width > 65535 || g.height > 65535)
    throw std::invalid_argument("GIF: " + std::to_string(g.width) + "x" + std::to_string(g.height) +
                                " is outside a GIF's 1..65535 a side");
  const std::size_t bytes = std::size_t(g.width) * std::size_t(g.height) * 3;
  for (const auto& f : g.frames)
    if (f.size() != bytes) throw std::invalid_argument("GIF: a frame of another size");
  std::string out;
  int error = 0;
  std::unique_ptr<GifFileType, GifCloser> gif(EGifOpen(&out, append_output, &error));
  if (!gif) throw std::runtime_error(std::string("GIF: ") + GifErrorString(error));
  EGifSetGifVersion(gif.get(), true);
  if (EGifPutScreenDesc(gif.get(), g.width, g.height, 8, 0, nullptr) != GIF_OK)
    throw std::runtime_error("GIF: cannot write the screen");
  put_loop(gif.get());
  std::vector<GifByteType> indices;
  for (std::size_t k = 0; k < g.frames.size(); ++k) {
    ColorMap map = index_frame(g.frames[k], g.width, g.height, indices);
    put_delay(gif.get(), k + 1 == g.frames.size() ? g.last_delay_cs : g.delay_cs);
    if (EGifPutImageDesc(gif.get(), 0, 0, g.width, g.height, false, map.get()) != GIF_OK)
      throw std::runtime_error("GIF: cannot write a frame");
    for (int y = 0; y < g.height; ++y)
      if (EGifPutLine(gif.get(), indices.data() + std::size_t(y) * std::size_t(g.width), g.width) != GIF_OK)
        throw std::runtime_error("GIF: cannot write a frame's pixels");
  }
  GifFileType* done = gif.release();
  if (EGifCloseFile(done, &error) != GIF_OK) throw std::runtime_error(std::string("GIF: ") + GifErrorString(error));
  return out;
}

void write_gif(const std::string& path, const GifFrames& gif, Replace replace) {
  write_file_atomically(path, encode_gif(gif), replace);
}

}  // namespace ganscope::io
