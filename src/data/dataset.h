// Training data as the trainer sees it: N examples of `dim` features, gathered into batches.
// Images stay uint8 in memory and are scaled to [-1, 1] only when a batch is gathered, so
// Fashion-MNIST's 60,000 images cost 47 MB rather than 188 MB as floats.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "data/image_folder.h"
#include "nn/rng.h"

namespace ganscope::data {

class Dataset {
 public:
  virtual ~Dataset() = default;
  virtual int size() const = 0;
  virtual int dim() const = 0;
  virtual bool images() const = 0;
  virtual int rows() const { return 0; }
  virtual int cols() const { return 0; }
  virtual int channels() const { return 0; }  // images: 1 (grey) or 3 (RGB planes)
  // Class labels (IDX label files, subfolders): example i is of class label(i) in
  // [0, classes()), named class_names()[label(i)]. classes() 0: the data has no labels.
  virtual int classes() const { return 0; }
  virtual const std::vector<std::string>& class_names() const;
  // labels of examples idx[0..n) into out; only for data with classes() > 0.
  virtual void gather_labels(const int* idx, int n, int* out) const;
  virtual std::string describe() const = 0;
  // Writes examples idx[0..n) as the columns of out, a column-major (dim, n) float matrix.
  virtual void gather(const int* idx, int n, float* out) const = 0;
  // Examples [begin, end) as a dataset of their own (0 <= begin < end <= size()), described
  // as `description`: a split of the data (data/training_split.h).
  virtual std::unique_ptr<Dataset> slice(int begin, int end, const std::string& description) const = 0;
};

class ImageDataset final : public Dataset {
 public:
  ImageDataset(int count, int rows, int cols, std::vector<std::uint8_t> pixels,
               std::string description, int channels = 1);
  int size() const override { return count_; }
  int dim() const override { return channels_ * rows_ * cols_; }
  bool images() const override { return true; }
  int rows() const override { return rows_; }
  int cols() const override { return cols_; }
  int channels() const override { return channels_; }
  std::string describe() const override { return description_; }
  void gather(const int* idx, int n, float* out) const override;
  std::unique_ptr<Dataset> slice(int begin, int end, const std::string& description) const override;
  // One label per image, each < names.size(); names.size() >= 2. Throws DataError otherwise.
  void set_labels(std::vector<std::uint8_t> labels, std::vector<std::string> names);
  int classes() const override { return int(class_names_.size()); }
  const std::vector<std::string>& class_names() const override { return class_names_; }
  void gather_labels(const int* idx, int n, int* out) const override;
  // Image i is pixels()[i * dim(), (i + 1) * dim()), 0..255 row by row, a plane per channel
  // (CHW: the layout the network's convolutions read).
  const std::uint8_t* pixels() const { return pixels_.data(); }

 private:
  int count_, rows_, cols_, channels_;
  std::vector<std::uint8_t> pixels_;
  std::string description_;
  std::vector<std::uint8_t> labels_;
  std::vector<std::string> class_names_;
};

class PointDataset final : public Dataset {
 public:
  PointDataset(std::vector<float> xy, std::string description);
  // A Gaussian mixture: its mode centres (x, y pairs) and common std, for the mode metrics.
  PointDataset(std::vector<float> xy, std::string description, std::vector<float> centres,
               float mode_std);
  const std::vector<float>& mode_centres() const { return centres_; }
  float mode_std() const { return mode_std_; }
  int size() const override { return int(xy_.size() / 2); }
  int dim() const override { return 2; }
  bool images() const override { return false; }
  std::string describe() const override { return description_; }
  void gather(const int* idx, int n, float* out) const override;
  std::unique_ptr<Dataset> slice(int begin, int end, const std::string& description) const override;
  const std::vector<float>& points() const { return xy_; }

 private:
  std::vector<float> xy_;
  std::string description_;
  std::vector<float> centres_;
  float mode_std_ = 0;
};

// Pixel scaling: 0..255 <-> [-1, 1], the range of G's tanh output.
inline float pixel_to_unit(std::uint8_t p) { return float(p) * (2.0f / 255.0f) - 1.0f; }
std::uint8_t unit_to_pixel(float v);

// The names of the built-in 2D distributions ("ring8": 8 Gaussians on a circle).
std::vector<std::string> builtin_2d_names();
bool is_builtin_2d(const std::string& name);

// Opens `spec`: a built-in 2D name, a CSV of 2D points (a path ending in ".csv", see
// data/points_csv.h), a folder of IDX files, or a folder of pictures (data/image_folder.h,
// read as `images` says; its progress and skipped files are reported on stderr). Throws DataError with a clear
// message (naming the Debian package for the default Fashion-MNIST folder).
// params override a built-in 2D distribution's defaults (see MixtureParams); they are refused
// for any other kind of data.
std::unique_ptr<Dataset> open_dataset(const std::string& spec, std::uint64_t seed,
                                      const std::map<std::string, double>& params = {},
                                      const ImageFolderOptions& images = {});

// Where a folder of pictures' loading progress goes besides stderr: the window's loading
// screen. Set by the thread that opens data (the window's UI thread, which opens runs) for the
// duration of a load, through ScopedLoadingProgress; called on that thread, about 4 times a
// second and at the end, with the folder, images done, images in all and seconds so far.
using LoadingProgress = std::function<void(const std::string& dir, int done, int total, double seconds)>;
class ScopedLoadingProgress {
 public:
  explicit ScopedLoadingProgress(LoadingProgress p);
  ~ScopedLoadingProgress();
  ScopedLoadingProgress(const ScopedLoadingProgress&) = delete;
  ScopedLoadingProgress& operator=(const ScopedLoadingProgress&) = delete;
};

// A random dataset of the given shape (for benchmarks: it costs no disk reads); with classes
// > 0 (2..256), image i is labelled i mod classes, classes named by their numbers.
std::unique_ptr<Dataset> random_images(int count, int rows, int cols, std::uint64_t seed,
                                       int channels = 1, int classes = 0);

// Visits the examples in a fresh random order each epoch (Fisher-Yates with a seeded Rng).
class BatchSampler {
 public:
  BatchSampler(int size, std::uint64_t seed);
  // Fills idx with the next n indices, starting a new shuffled epoch when one runs out.
  void next(int n, std::vector<int>& idx);
  std::int64_t epoch() const { return epoch_; }

  std::string state() const;  // for checkpoints: epoch, position, order, rng
  void set_state(const std::string& state);

 private:
  void shuffle();
  std::vector<int> order_;
  std::size_t pos_ = 0;
  std::int64_t epoch_ = 0;
  nn::Rng rng_;
};

}  // namespace ganscope::data
