// A folder of the user's own pictures (PNG, JPEG, BMP, ...: whatever stb_image decodes), read
// recursively into a set of square uint8 images.
//
// Each image is centre-cropped to a square, then area-averaged down (or up) to `size` once
// at load (stb_image_resize's box filter), and kept as uint8 in the network's layout:
// channel-major (CHW), so a colour image is its R plane, then G, then B. Subfolder names
// become class labels when there are two or more of them.
//
// Headers are read before pixels: an image larger than kMaxImagePixels is skipped by its
// header, never decoded. Only one encoded file is open at a time, so a folder of 100,000
// images costs its decoded size (count x channels x size^2 bytes), checked against the
// memory budget before it is allocated.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ganscope::data {

constexpr std::uint64_t kMaxImagePixels = std::uint64_t(1) << 26;  // 8192 x 8192

enum class ImageColour { Auto, Grey, Rgb };
ImageColour parse_image_colour(const std::string& name);  // "auto", "grey", "rgb"; throws DataError

struct ImageFolderOptions {
  int size = 32;                       // the square side every image is resized to
  ImageColour colour = ImageColour::Auto;  // Auto: RGB when any image has colour
  // Called now and then while decoding: images done, images in all, seconds so far.
  std::function<void(int done, int total, double seconds)> progress;
  // Where decoded sets are kept between starts; "" for none. See default_image_cache_dir().
  std::string cache_dir;
  // IDX folders too are resized to `size` (a config that names its image_size): grey stays grey.
  bool resize_idx = false;
};

struct ImageFolder {
  int count = 0, channels = 0, size = 0;
  std::vector<std::uint8_t> pixels;      // count x channels x size x size, CHW per image
  std::vector<std::uint8_t> labels;      // one per image, when there are classes; else empty
  std::vector<std::string> class_names;  // label i is class_names[i] (a subfolder's name)
  int skipped = 0;                       // files that were not usable images
  std::vector<std::string> skipped_names;  // the first few, with why
  bool from_cache = false;
};

// A side x side image (interleaved channels, rows stride bytes apart) resized into dst,
// size x size: area-averaged when shrinking. False when stb cannot.
bool resize_square(const std::uint8_t* src, int side, int stride, int channels, std::uint8_t* dst, int size);

// True when dir is a folder holding at least one file with an image extension (searched
// recursively, stopping at the first).
bool looks_like_image_folder(const std::string& dir);

// Reads dir. Throws DataError naming the folder when no file in it is a usable image.
ImageFolder read_image_folder(const std::string& dir, const ImageFolderOptions& options);

// $XDG_CACHE_HOME/ganscope/images, else $HOME/.cache/ganscope/images, else "".
std::string default_image_cache_dir();

}  // namespace ganscope::data
