// Animated GIFs (io/gif_file.h), read back with giflib's decoder: frames, pixels (exact for
// up to 256 colours, close for more), delays and the loop block; bad requests and failed
// writes are errors that leave no file.
#include <gif_lib.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "io/gif_file.h"
#include "support/test_support.h"

using namespace ganscope;

namespace {

struct DecodedGif {
  int width = 0, height = 0;
  std::vector<std::vector<std::uint8_t>> frames;  // RGB
  std::vector<int> delays;
  bool loops = false;
};

int read_bytes(GifFileType* gif, GifByteType* out, int n) {
  auto* in = static_cast<std::pair<const std::string*, std::size_t>*>(gif->UserData);
  const int m = int(std::min<std::size_t>(std::size_t(n), in->first->size() - in->second));
  std::copy_n(in->first->data() + in->second, m, out);
  in->second += std::size_t(m);
  return m;
}

DecodedGif decode(const std::string& bytes) {
  std::pair<const std::string*, std::size_t> in{&bytes, 0};
  int error = 0;
  GifFileType* gif = DGifOpen(&in, read_bytes, &error);
  EXPECT_NE(gif, nullptr);
  DecodedGif out;
  if (!gif) return out;
  EXPECT_EQ(DGifSlurp(gif), GIF_OK);
  out.width = gif->SWidth;
  out.height = gif->SHeight;
  for (int k = 0; k < gif->ImageCount; ++k) {
    const SavedImage& im = gif->SavedImages[k];
    const ColorMapObject* map = im.ImageDesc.ColorMap ? im.ImageDesc.ColorMap : gif->SColorMap;
    std::vector<std::uint8_t> rgb;
    for (int i = 0; i < out.width * out.height; ++i) {
      const GifColorType c = map->Colors[im.RasterBits[i]];
      rgb.insert(rgb.end(), {c.Red, c.Green, c.Blue});
    }
    out.frames.push_back(std::move(rgb));
    GraphicsControlBlock gcb;
    DGifSavedExtensionToGCB(gif, k, &gcb);
    out.delays.push_back(gcb.DelayTime);
    for (int e = 0; e < im.ExtensionBlockCount; ++e)
      if (im.ExtensionBlocks[e].Function == APPLICATION_EXT_FUNC_CODE &&
          std::string(reinterpret_cast<char*>(im.ExtensionBlocks[e].Bytes), 11) == "NETSCAPE2.0")
        out.loops = true;
  }
  DGifCloseFile(gif, &error);
  return out;
}

std::vector<std::uint8_t> grey_ramp(int w, int h, int shift) {
  std::vector<std::uint8_t> rgb;
  for (int i = 0; i < w * h; ++i) {
    const auto v = std::uint8_t((i + shift) % 256);
    rgb.insert(rgb.end(), {v, v, v});
  }
  return rgb;
}

TEST(GifFile, AGreyAnimationComesBackExactWithItsDelaysAndLoop) {
  io::GifFrames g;
  g.width = 40;
  g.height = 30;  // 1,200 pixels: every one of the 256 grey levels
  for (int k = 0; k < 3; ++k) g.frames.push_back(grey_ramp(40, 30, 7 * k));
  g.delay_cs = 12;
  g.last_delay_cs = 150;
  const DecodedGif d = decode(io::encode_gif(g));
  EXPECT_EQ(d.width, 40);
  EXPECT_EQ(d.height, 30);
  ASSERT_EQ(d.frames.size(), 3u);
  for (int k = 0; k < 3; ++k) EXPECT_EQ(d.frames[std::size_t(k)], g.frames[std::size_t(k)]) << k;
  EXPECT_EQ(d.delays, (std::vector<int>{12, 12, 150}));
  EXPECT_TRUE(d.loops);
}

// A frame of 4,096 colours is reduced to 256: close to it, not equal.
TEST(GifFile, MoreThan256ColoursAreReducedCloseToTheFrame) {
  io::GifFrames g;
  g.width = g.height = 64;
  std::vector<std::uint8_t> rgb;
  for (int y = 0; y < 64; ++y)
    for (int x = 0; x < 64; ++x) rgb.insert(rgb.end(), {std::uint8_t(4 * x), std::uint8_t(4 * y), std::uint8_t(128)});
  g.frames.push_back(rgb);
  const DecodedGif d = decode(io::encode_gif(g));
  ASSERT_EQ(d.frames.size(), 1u);
  double error = 0;
  for (std::size_t i = 0; i < rgb.size(); ++i) error += std::abs(int(d.frames[0][i]) - int(rgb[i]));
  error /= double(rgb.size());
  EXPECT_GT(error, 0.0);
  EXPECT_LT(error, 6.0);  // of 255
}

TEST(GifFile, BadRequestsAreRefused) {
  io::GifFrames g;
  g.width = g.height = 4;
  EXPECT_THROW(io::encode_gif(g), std::invalid_argument);  // no frames
  g.frames.push_back(std::vector<std::uint8_t>(4 * 4 * 3));
  g.frames.push_back(std::vector<std::uint8_t>(5));
  EXPECT_THROW(io::encode_gif(g), std::invalid_argument);  // a frame of another size
  g.frames.pop_back();
  g.width = 70000;
  EXPECT_THROW(io::encode_gif(g), std::invalid_argument);  // beyond a GIF's 65535
}

TEST(GifFile, AFailedWriteLeavesNoFileAndReplaceNoKeepsOne) {
  const std::string dir = ganscope::testing::make_temp_dir("gif");
  io::GifFrames g;
  g.width = g.height = 8;
  g.frames.push_back(grey_ramp(8, 8, 0));
  EXPECT_THROW(io::write_gif(dir + "/no/such/folder/a.gif", g), io::WriteError);
  ganscope::testing::write_file(dir + "/mine.gif", "precious");
  EXPECT_THROW(io::write_gif(dir + "/mine.gif", g, io::Replace::No), io::WriteError);
  EXPECT_EQ(ganscope::testing::read_file(dir + "/mine.gif"), "precious");
  io::write_gif(dir + "/new.gif", g, io::Replace::No);
  EXPECT_EQ(decode(ganscope::testing::read_file(dir + "/new.gif")).frames.size(), 1u);
  EXPECT_EQ(ganscope::testing::names_in(dir), (std::vector<std::string>{"mine.gif", "new.gif"}));
}

}  // namespace
