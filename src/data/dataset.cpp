#include "data/dataset.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "data/idx.h"
#include "data/mixtures.h"
#include "data/points_csv.h"

namespace ganscope::data {

ImageDataset::ImageDataset(int count, int rows, int cols, std::vector<std::uint8_t> pixels,
                           std::string description, int channels)
    : count_(count), rows_(rows), cols_(cols), channels_(channels), pixels_(std::move(pixels)),
      description_(std::move(description)) {}

void ImageDataset::gather(const int* idx, int n, float* out) const {
  const std::size_t d = std::size_t(dim());
  for (int j = 0; j < n; ++j) {
    const std::uint8_t* src = pixels_.data() + std::size_t(idx[j]) * d;
    float* dst = out + std::size_t(j) * d;
    for (std::size_t i = 0; i < d; ++i) dst[i] = pixel_to_unit(src[i]);
  }
}

std::unique_ptr<Dataset> ImageDataset::slice(int begin, int end,
                                             const std::string& description) const {
  const std::size_t d = std::size_t(dim());
  std::vector<std::uint8_t> pixels(pixels_.begin() + std::ptrdiff_t(std::size_t(begin) * d),
                                   pixels_.begin() + std::ptrdiff_t(std::size_t(end) * d));
  auto out = std::make_unique<ImageDataset>(end - begin, rows_, cols_, std::move(pixels), description, channels_);
  if (!labels_.empty())
    out->set_labels(std::vector<std::uint8_t>(labels_.begin() + begin, labels_.begin() + end), class_names_);
  return out;
}

void ImageDataset::set_labels(std::vector<std::uint8_t> labels, std::vector<std::string> names) {
  if (int(labels.size()) != count_)
    throw DataError(description_ + ": " + std::to_string(labels.size()) + " labels for " + std::to_string(count_) +
                    " images");
  if (names.size() < 2) throw DataError(description_ + ": labels need at least two classes");
  for (std::uint8_t l : labels)
    if (l >= names.size())
      throw DataError(description_ + ": label " + std::to_string(l) + " is not one of its " +
                      std::to_string(names.size()) + " classes");
  labels_ = std::move(labels);
  class_names_ = std::move(names);
}

void ImageDataset::gather_labels(const int* idx, int n, int* out) const {
  for (int j = 0; j < n; ++j) out[j] = labels_[std::size_t(idx[j])];
}

const std::vector<std::string>& Dataset::class_names() const {
  static const std::vector<std::string> none;
  return none;
}

void Dataset::gather_labels(const int*, int, int*) const {
  throw std::logic_error("gather_labels on data without classes");
}

PointDataset::PointDataset(std::vector<float> xy, std::string description)
    : xy_(std::move(xy)), description_(std::move(description)) {}

PointDataset::PointDataset(std::vector<float> xy, std::string description,
                           std::vector<float> centres, float mode_std)
    : xy_(std::move(xy)), description_(std::move(description)), centres_(std::move(centres)),
      mode_std_(mode_std) {}

void PointDataset::gather(const int* idx, int n, float* out) const {
  for (int j = 0; j < n; ++j) {
    out[2 * j] = xy_[2 * std::size_t(idx[j])];
    out[2 * j + 1] = xy_[2 * std::size_t(idx[j]) + 1];
  }
}

std::unique_ptr<Dataset> PointDataset::slice(int begin, int end,
                                             const std::string& description) const {
  std::vector<float> xy(xy_.begin() + 2 * std::ptrdiff_t(begin), xy_.begin() + 2 * std::ptrdiff_t(end));
  return std::make_unique<PointDataset>(std::move(xy), description, centres_, mode_std_);
}

std::uint8_t unit_to_pixel(float v) {
  float p = std::round((v + 1.0f) * 127.5f);
  if (!(p >= 0.0f)) p = 0.0f;  // also catches NaN
  return std::uint8_t(std::min(p, 255.0f));
}

std::vector<std::string> builtin_2d_names() { return mixture_names(); }

bool is_builtin_2d(const std::string& name) {
  MixtureParams params;
  try {
    return parse_mixture_params(name, &params);
  } catch (const std::invalid_argument&) {
    return true;  // a mixture's name with an impossible count: open_dataset says why
  }
}

// 50,000 points drawn once from a built-in 2D distribution; Gaussian mixtures keep their
// centres and std for the mode metrics.
static std::unique_ptr<Dataset> make_mixture_dataset(const Mixture2D& m, std::uint64_t seed) {
  nn::Rng rng(seed);
  auto xy = sample_mixture(m, 50000, rng);
  if (has_modes(m)) return std::make_unique<PointDataset>(std::move(xy), describe(m), m.centres, m.std);
  return std::make_unique<PointDataset>(std::move(xy), describe(m));
}

// Applies {"std": 0.05, "modes": 12, ...} to a mixture's default parameters.
static void apply_params(const std::map<std::string, double>& given, MixtureParams& p) {
  auto whole = [](const std::string& key, double v) {
    if (!(v == std::floor(v) && std::abs(v) < 1e9))
      throw std::invalid_argument("data_params: '" + key + "' must be a whole number");
    return v;
  };
  for (const auto& [key, v] : given) {
    if (key == "modes") p.modes = int(whole(key, v));
    else if (key == "side") p.side = int(whole(key, v));
    else if (key == "layout_seed") p.layout_seed = std::uint64_t(std::max(0.0, whole(key, v)));
    else if (key == "radius") p.radius = float(v);
    else if (key == "spacing") p.spacing = float(v);
    else if (key == "std") p.std = float(v);
    else if (key == "turns") p.turns = float(v);
    else if (key == "length") p.length = float(v);
    else if (key == "noise") p.noise = float(v);
    else throw std::invalid_argument("data_params: unknown parameter '" + key + "'");
  }
}

// Every image of im (square) resized to size x size, in place of the originals.
static void resize_idx_images(IdxImages& im, int size) {
  const std::size_t in = std::size_t(im.rows) * im.cols, out = std::size_t(size) * size;
  std::vector<std::uint8_t> resized(std::size_t(im.count) * out);
  for (int i = 0; i < im.count; ++i)
    if (!resize_square(im.pixels.data() + i * in, im.rows, im.cols, 1, resized.data() + i * out, size))
      throw DataError("cannot resize images to " + std::to_string(size) + "x" + std::to_string(size));
  im.pixels = std::move(resized);
  im.rows = im.cols = size;
}

namespace {
thread_local LoadingProgress loading_progress;  // ScopedLoadingProgress's, on its thread
}  // namespace

ScopedLoadingProgress::ScopedLoadingProgress(LoadingProgress p) { loading_progress = std::move(p); }
ScopedLoadingProgress::~ScopedLoadingProgress() { loading_progress = nullptr; }

// Reads a folder of pictures, reporting on stderr as it goes (a line redrawn on a terminal),
// and to the loading screen when there is one.
static std::unique_ptr<Dataset> open_image_folder(const std::string& dir, ImageFolderOptions o) {
  const bool terminal = isatty(2);
  if (!o.progress)
    o.progress = [&](int done, int total, double seconds) {
      if (loading_progress) loading_progress(dir, done, total, seconds);
      if (!terminal && done != total) return;
      std::fprintf(stderr, "%sganscope: reading %s: %d of %d images (%.0f a second)%s", terminal ? "\r" : "",
                   dir.c_str(), done, total, seconds > 0 ? done / seconds : 0.0, done == total ? "\n" : "");
    };
  ImageFolder f = read_image_folder(dir, o);
  if (f.skipped > 0) {
    std::fprintf(stderr, "ganscope: %s: skipped %d file%s that are not usable images:", dir.c_str(), f.skipped,
                 f.skipped == 1 ? "" : "s");
    for (const std::string& s : f.skipped_names) std::fprintf(stderr, "\n  %s", s.c_str());
    std::fprintf(stderr, "%s\n", f.skipped > int(f.skipped_names.size()) ? "\n  ..." : "");
  }
  std::string name = std::filesystem::path(dir).filename().string();
  if (name.empty()) name = std::filesystem::path(dir).parent_path().filename().string();
  std::ostringstream d;
  d << name << " (" << f.count << " images, " << f.size << "x" << f.size << (f.channels == 3 ? " RGB" : " grey");
  if (!f.class_names.empty()) d << ", " << f.class_names.size() << " classes";
  if (f.skipped > 0) d << ", " << f.skipped << " skipped";
  d << ")";
  auto out = std::make_unique<ImageDataset>(f.count, f.size, f.size, std::move(f.pixels), d.str(), f.channels);
  if (!f.class_names.empty()) out->set_labels(std::move(f.labels), std::move(f.class_names));
  return out;
}

std::unique_ptr<Dataset> open_dataset(const std::string& spec, std::uint64_t seed,
                                      const std::map<std::string, double>& params,
                                      const ImageFolderOptions& images) {
  try {
    MixtureParams p;
    if (parse_mixture_params(spec, &p)) {
      apply_params(params, p);
      Mixture2D mixture = make_mixture(p);
      mixture.name = spec;
      return make_mixture_dataset(mixture, seed);
    }
  } catch (const std::invalid_argument& e) {
    throw DataError(e.what());
  }
  if (!params.empty())
    throw DataError(spec + ": data_params apply only to the built-in 2D distributions");
  if (spec.size() > 4 && spec.compare(spec.size() - 4, 4, ".csv") == 0) {
    std::vector<float> xy = read_points_csv(spec);
    const std::string name = std::filesystem::path(spec).filename().string();
    const std::string d = name + " (" + std::to_string(xy.size() / 2) + " points)";
    return std::make_unique<PointDataset>(std::move(xy), d);
  }
  if (looks_like_image_folder(spec) && !has_idx_images(spec)) return open_image_folder(spec, images);
  IdxFolder folder = read_idx_folder(spec);
  if (images.resize_idx && folder.images.rows == folder.images.cols && folder.images.rows != images.size)
    resize_idx_images(folder.images, images.size);
  std::string name = std::filesystem::path(spec).filename().string();
  if (name.empty()) name = std::filesystem::path(spec).parent_path().filename().string();
  std::ostringstream d;
  d << name << " (" << folder.images.count << " images, " << folder.images.rows << "x"
    << folder.images.cols << ")";
  auto out = std::make_unique<ImageDataset>(folder.images.count, folder.images.rows, folder.images.cols,
                                            std::move(folder.images.pixels), d.str());
  if (!folder.labels.empty()) {
    const int classes = 1 + *std::max_element(folder.labels.begin(), folder.labels.end());
    if (classes >= 2) out->set_labels(std::move(folder.labels), idx_class_names(spec, classes));
  }
  return out;
}

std::unique_ptr<Dataset> random_images(int count, int rows, int cols, std::uint64_t seed, int channels,
                                       int classes) {
  nn::Rng rng(seed);
  std::vector<std::uint8_t> pixels(std::size_t(count) * channels * rows * cols);
  for (auto& p : pixels) p = std::uint8_t(rng.below(256));
  auto out = std::make_unique<ImageDataset>(count, rows, cols, std::move(pixels), "random images", channels);
  if (classes > 0) {
    std::vector<std::uint8_t> labels(static_cast<std::size_t>(count));
    std::vector<std::string> names;
    for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = std::uint8_t(i % std::size_t(classes));
    for (int k = 0; k < classes; ++k) names.push_back(std::to_string(k));
    out->set_labels(std::move(labels), std::move(names));
  }
  return out;
}

BatchSampler::BatchSampler(int size, std::uint64_t seed) : order_(std::size_t(size)), rng_(seed) {
  for (int i = 0; i < size; ++i) order_[std::size_t(i)] = i;
  shuffle();
}

void BatchSampler::shuffle() {
  for (std::size_t i = order_.size(); i > 1; --i)
    std::swap(order_[i - 1], order_[std::size_t(rng_.below(i))]);
  pos_ = 0;
}

void BatchSampler::next(int n, std::vector<int>& idx) {
  idx.resize(std::size_t(n));
  for (int j = 0; j < n; ++j) {
    if (pos_ == order_.size()) {
      ++epoch_;
      shuffle();
    }
    idx[std::size_t(j)] = order_[pos_++];
  }
}

std::string BatchSampler::state() const {
  std::ostringstream s;
  s << epoch_ << ' ' << pos_ << ' ' << order_.size();
  for (int i : order_) s << ' ' << i;
  s << '\n' << rng_.state();
  return s.str();
}

void BatchSampler::set_state(const std::string& state) {
  std::istringstream s(state);
  std::size_t n = 0;
  s >> epoch_ >> pos_ >> n;
  if (!s || n != order_.size() || pos_ > n)
    throw DataError("batch sampler state does not match this dataset");
  for (auto& i : order_) {
    s >> i;
    if (i < 0 || std::size_t(i) >= n) throw DataError("batch sampler state is damaged");
  }
  std::string rest((std::istreambuf_iterator<char>(s)), std::istreambuf_iterator<char>());
  if (!s) throw DataError("batch sampler state is damaged");
  rng_.set_state(rest);
}

}  // namespace ganscope::data
