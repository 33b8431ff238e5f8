// Samples onto a texture's canvas (app/image_canvas.h): CHW planes become interleaved pixels
// at their place, grey stays one byte a pixel.
#include "app/image_canvas.h"

#include <gtest/gtest.h>

namespace {

using ganscope::app::ImageCanvas;

TEST(ImageCanvas, ColourPlanesBecomeInterleavedPixelsInTheirCell) {
  // A 1x2 RGB image: R plane {10, 11}, G plane {20, 21}, B plane {30, 31}.
  const std::uint8_t chw[6] = {10, 11, 20, 21, 30, 31};
  ImageCanvas canvas(4, 2, 3);
  canvas.place(chw, 1, 2, 2, 1);  // the second cell of the bottom row
  const std::uint8_t* p = canvas.data();
  for (int i = 0; i < 4 * 3 + 2 * 3; ++i) EXPECT_EQ(p[i], 0) << i;  // untouched
  const std::uint8_t want[6] = {10, 20, 30, 11, 21, 31};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(p[(1 * 4 + 2) * 3 + i], want[i]) << i;
}

TEST(ImageCanvas, GreyIsOneBytePerPixelAndCellsPastTheEdgeAreCut) {
  const std::uint8_t grey[4] = {1, 2, 3, 4};  // 2x2
  ImageCanvas canvas(3, 1, 1);
  canvas.place(grey, 2, 2, 2, 0);  // only its top-left pixel fits
  EXPECT_EQ(canvas.data()[0], 0);
  EXPECT_EQ(canvas.data()[1], 0);
  EXPECT_EQ(canvas.data()[2], 1);
}

}  // namespace
