// Reader for MNIST's IDX format (idx3-ubyte images, idx1-ubyte labels), raw or gzipped.
//
// IDX header: 4-byte magic (0x00 0x00 type ndim, type 0x08 = uint8), then ndim big-endian
// uint32 dimensions, then the data, row-major. Every size is checked against the file's real
// length before anything is allocated, so a corrupt header can never ask for gigabytes.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/atomic_file.h"

namespace ganscope::data {

// Thrown for any unreadable or malformed input; what() is one line naming the file and the fault.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws DataError "path: fault".
[[noreturn]] void throw_data_error(const std::string& path, const std::string& fault);

// Images as stored: count images of rows x cols uint8 pixels, image after image, row-major.
struct IdxImages {
  int count = 0;
  int rows = 0;
  int cols = 0;
  std::vector<std::uint8_t> pixels;  // count * rows * cols
};

// Reads an idx3-ubyte file (gzip detected by its magic bytes, not by the file name). Refuses
// pixels that would not fit in memory (data/memory_budget.h) before allocating them.
IdxImages read_idx_images(const std::string& path);

// The count and image size an idx3-ubyte file's header declares, checked against the file's
// length as read_idx_images checks them, without reading the pixels.
struct IdxShape {
  int count = 0, rows = 0, cols = 0;
};
IdxShape read_idx_image_shape(const std::string& path);

// Reads an idx1-ubyte label file.
std::vector<std::uint8_t> read_idx_labels(const std::string& path);

// Writes images as idx3-ubyte (raw, or gzipped when path ends in ".gz") atomically
// (io/atomic_file.h): a failed or interrupted write never leaves a partial file behind.
// Replace::No refuses an existing path (DataError).
void write_idx_images(const std::string& path, const IdxImages& images,
                      io::Replace replace = io::Replace::Yes);
void write_idx_labels(const std::string& path, const std::vector<std::uint8_t>& labels);

// The same for images made on the fly, so any count fits in bounded memory: source calls the
// sink it is given with the pixels in order, in pieces of any size, count x rows x cols bytes
// in all (fewer or more is an error and leaves no file).
using PixelSink = std::function<void(const std::uint8_t*, std::size_t)>;
using PixelSource = std::function<void(const PixelSink&)>;
// channels 3 writes an idx4-ubyte file (magic 0x00000804) of shape (count, rows, cols, 3):
// RGB interleaved, as numpy and PIL read images.
void write_idx_images(const std::string& path, int count, int rows, int cols,
                      const PixelSource& source, io::Replace replace = io::Replace::Yes,
                      int channels = 1);

// A folder in MNIST's layout: train-images-idx3-ubyte[.gz] and optionally
// train-labels-idx1-ubyte[.gz]. Labels are empty when absent; when present their count must
// match the images'. Throws DataError naming the folder when no image file is there.
struct IdxFolder {
  IdxImages images;
  std::vector<std::uint8_t> labels;
  std::string images_path;
};
IdxFolder read_idx_folder(const std::string& dir, bool test_split = false);
// The image file read_idx_folder would read; throws the same DataError when there is none.
std::string find_idx_images(const std::string& dir, bool test_split = false);
// The names of an IDX folder's `classes` classes: the lines of its classes.txt when it has one
// with that many, Fashion-MNIST's ten when the folder's name says fashion, else "0", "1", ...
std::vector<std::string> idx_class_names(const std::string& dir, int classes);
// Whether dir holds a training image file (find_idx_images would find one).
bool has_idx_images(const std::string& dir);

}  // namespace ganscope::data
