// A folder of the user's own pictures (issue 14, part 1): decoding, the centre crop, classes
// from subfolders, grey or colour, the skipped-file report, hostile headers and the cache.
#include "data/image_folder.h"

#include <gtest/gtest.h>
#include <stb/stb_image_write.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/idx.h"
#include "support/test_support.h"

namespace ganscope::data {
namespace {

using Colour = std::array<std::uint8_t, 3>;

// A w x h RGB PNG whose pixel (x, y) is colour(x, y).
void write_rgb_png(const std::string& path, int w, int h, const std::function<Colour(int, int)>& colour) {
  std::vector<std::uint8_t> px(std::size_t(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const Colour c = colour(x, y);
      for (int k = 0; k < 3; ++k) px[(std::size_t(y) * w + x) * 3 + k] = c[std::size_t(k)];
    }
  ASSERT_TRUE(stbi_write_png(path.c_str(), w, h, 3, px.data(), w * 3));
}

// A PNG that is only its signature and IHDR chunk, declaring w x h: what a decoder that
// trusted headers would allocate for.
std::string png_header_only(std::uint32_t w, std::uint32_t h) {
  auto be = [](std::uint32_t v) {
    return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  };
  std::string s = "\x89PNG\r\n\x1a\n";
  s += be(13) + "IHDR" + be(w) + be(h) + std::string{8, 2, 0, 0, 0} + be(0);
  return s;
}

// red/ and blue/ with n images each, 40x20: the middle 20x20 is the class colour, the sides
// green, so only a centre crop sees no green.
std::string make_two_classes(const std::string& dir, int n) {
  for (const auto& [name, colour] : {std::pair<std::string, Colour>{"red", {230, 20, 20}},
                                     std::pair<std::string, Colour>{"blue", {20, 20, 230}}}) {
    std::filesystem::create_directories(dir + "/" + name);
    for (int i = 0; i < n; ++i)
      write_rgb_png(dir + "/" + name + "/" + std::to_string(i) + ".png", 40, 20, [&](int x, int) {
        return x < 10 || x >= 30 ? Colour{0, 250, 0} : colour;
      });
  }
  return dir;
}

ImageFolderOptions options(int size) {
  ImageFolderOptions o;
  o.size = size;
  return o;
}

TEST(ImageFolder, ReadsClassesCropsToTheCentreAndKeepsColourAsPlanes) {
  const std::string dir = make_two_classes(testing::make_temp_dir("images_two"), 3);
  const ImageFolder f = read_image_folder(dir, options(8));
  EXPECT_EQ(f.count, 6);
  EXPECT_EQ(f.channels, 3);
  EXPECT_EQ(f.size, 8);
  ASSERT_EQ(f.class_names, (std::vector<std::string>{"blue", "red"}));
  ASSERT_EQ(f.labels.size(), 6u);
  ASSERT_EQ(f.pixels.size(), 6u * 3 * 64);
  for (int i = 0; i < 6; ++i) {
    const std::uint8_t* image = f.pixels.data() + std::size_t(i) * 3 * 64;
    const bool red = f.labels[std::size_t(i)] == 1;
    for (int p = 0; p < 64; ++p) {  // R plane, G plane, B plane: no green from the sides
      EXPECT_EQ(image[p], red ? 230 : 20);
      EXPECT_EQ(image[64 + p], 20);
      EXPECT_EQ(image[128 + p], red ? 20 : 230);
    }
  }
}

TEST(ImageFolder, GreyIsAskedForOrChosenWhenNoImageHasColour) {
  const std::string dir = make_two_classes(testing::make_temp_dir("images_grey"), 1);
  ImageFolderOptions o = options(8);
  o.colour = ImageColour::Grey;
  const ImageFolder grey = read_image_folder(dir, o);
  EXPECT_EQ(grey.channels, 1);
  ASSERT_EQ(grey.pixels.size(), 2u * 64);
  EXPECT_EQ(grey.pixels[0], (77 * 20 + 150 * 20 + 29 * 230 + 128) >> 8);  // blue's luma

  const std::string plain = testing::make_temp_dir("images_plain");
  write_rgb_png(plain + "/a.png", 16, 16, [](int x, int) { return Colour{std::uint8_t(x * 16), std::uint8_t(x * 16), std::uint8_t(x * 16)}; });
  EXPECT_EQ(read_image_folder(plain, options(8)).channels, 1);
  EXPECT_TRUE(read_image_folder(plain, options(8)).class_names.empty());
}

TEST(ImageFolder, UnusableFilesAreSkippedByNameAndHugeOnesByTheirHeader) {
  const std::string dir = make_two_classes(testing::make_temp_dir("images_bad"), 2);
  testing::write_file(dir + "/red/corrupt.png", "\x89PNG not really");
  write_rgb_png(dir + "/red/tiny.png", 1, 1, [](int, int) { return Colour{1, 2, 3}; });
  testing::write_file(dir + "/blue/huge.png", png_header_only(20000, 20000));
  const ImageFolder f = read_image_folder(dir, options(8));
  EXPECT_EQ(f.count, 4);
  EXPECT_EQ(f.skipped, 3);
  std::string names;
  for (const auto& s : f.skipped_names) names += s + "\n";
  EXPECT_NE(names.find("red/corrupt.png"), std::string::npos) << names;
  EXPECT_NE(names.find("red/tiny.png: 1x1"), std::string::npos) << names;
  EXPECT_NE(names.find("blue/huge.png: 20000x20000"), std::string::npos) << names;
}

TEST(ImageFolder, AFolderWithNoUsableImageIsAClearError) {
  const std::string dir = testing::make_temp_dir("images_none");
  testing::write_file(dir + "/a.png", "not a png");
  testing::write_file(dir + "/b.jpg", png_header_only(30000, 30000));
  try {
    read_image_folder(dir, options(8));
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("none of its 2 image files is usable"), std::string::npos) << e.what();
  }
  const std::string empty = testing::make_temp_dir("images_empty");
  testing::write_file(empty + "/notes.txt", "hello");
  EXPECT_FALSE(looks_like_image_folder(empty));
  EXPECT_THROW(read_image_folder(empty, options(8)), DataError);
}

TEST(ImageFolder, ASecondReadComesFromTheCacheUntilAFileChanges) {
  const std::string dir = make_two_classes(testing::make_temp_dir("images_cache"), 2);
  ImageFolderOptions o = options(8);
  o.cache_dir = testing::make_temp_dir("images_cache_store");
  const ImageFolder first = read_image_folder(dir, o);
  EXPECT_FALSE(first.from_cache);
  const ImageFolder second = read_image_folder(dir, o);
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(second.pixels, first.pixels);
  EXPECT_EQ(second.labels, first.labels);
  EXPECT_EQ(second.class_names, first.class_names);
  write_rgb_png(dir + "/red/new.png", 12, 12, [](int, int) { return Colour{200, 10, 10}; });
  const ImageFolder third = read_image_folder(dir, o);
  EXPECT_FALSE(third.from_cache);
  EXPECT_EQ(third.count, 5);
  // A damaged cache file is read again from the images, not trusted.
  for (const auto& entry : std::filesystem::directory_iterator(o.cache_dir))
    std::filesystem::resize_file(entry.path(), 40);
  const ImageFolder fourth = read_image_folder(dir, o);
  EXPECT_FALSE(fourth.from_cache);
  EXPECT_EQ(fourth.pixels, third.pixels);
}

TEST(ImageFolder, OpenDatasetTakesAFolderOfPictures) {
  const std::string dir = make_two_classes(testing::make_temp_dir("images_open"), 2);
  const auto data = open_dataset(dir, 1, {}, options(8));
  ASSERT_TRUE(data->images());
  EXPECT_EQ(data->channels(), 3);
  EXPECT_EQ(data->rows(), 8);
  EXPECT_EQ(data->dim(), 3 * 64);
  EXPECT_NE(data->describe().find("4 images, 8x8 RGB, 2 classes"), std::string::npos) << data->describe();
}

}  // namespace
}  // namespace ganscope::data
