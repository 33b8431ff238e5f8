#include "data/dataset.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "data/idx.h"
#include "data/points_csv.h"

namespace ganscope::data {

ImageDataset::ImageDataset(int count, int rows, int cols, std::vector<std::uint8_t> pixels,
                           std::string description)
    : count_(count), rows_(rows), cols_(cols), pixels_(std::move(pixels)),
      description_(std::move(description)) {}

void ImageDataset::gather(const int* idx, int n, float* out) const {
  const std::size_t d = std::size_t(dim());
  for (int j = 0; j < n; ++j) {
    const std::uint8_t* src = pixels_.data() + std::size_t(idx[j]) * d;
    float* dst = out + std::size_t(j) * d;
    for (std::size_t i = 0; i < d; ++i) dst[i] = pixel_to_unit(src[i]);
  }
}

PointDataset::PointDataset(std::vector<float> xy, std::string description)
    : xy_(std::move(xy)), description_(std::move(description)) {}

void PointDataset::gather(const int* idx, int n, float* out) const {
  for (int j = 0; j < n; ++j) {
    out[2 * j] = xy_[2 * std::size_t(idx[j])];
    out[2 * j + 1] = xy_[2 * std::size_t(idx[j]) + 1];
  }
}

std::uint8_t unit_to_pixel(float v) {
  float p = std::round((v + 1.0f) * 127.5f);
  if (!(p >= 0.0f)) p = 0.0f;  // also catches NaN
  return std::uint8_t(std::min(p, 255.0f));
}

std::vector<std::string> builtin_2d_names() { return {"ring8"}; }

bool is_builtin_2d(const std::string& name) {
  auto names = builtin_2d_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// 8 Gaussians of std 0.02 evenly spaced on a circle of radius 2, the mixture used by
// Metz et al. (Unrolled GANs, 2017) and VEEGAN to show mode collapse.
static std::unique_ptr<Dataset> make_ring(int modes, float radius, float std, int count,
                                          std::uint64_t seed) {
  nn::Rng rng(seed);
  std::vector<float> xy(2 * std::size_t(count));
  for (int i = 0; i < count; ++i) {
    int k = int(rng.below(std::uint64_t(modes)));
    double a = 2.0 * M_PI * k / modes;
    xy[2 * i] = float(radius * std::cos(a)) + std * rng.normal();
    xy[2 * i + 1] = float(radius * std::sin(a)) + std * rng.normal();
  }
  std::ostringstream d;
  d << "ring of " << modes << " Gaussians (radius " << radius << ", std " << std << ")";
  return std::make_unique<PointDataset>(std::move(xy), d.str());
}

std::unique_ptr<Dataset> open_dataset(const std::string& spec, std::uint64_t seed) {
  if (spec == "ring8") return make_ring(8, 2.0f, 0.02f, 50000, seed);
  if (spec.size() > 4 && spec.compare(spec.size() - 4, 4, ".csv") == 0) {
    std::vector<float> xy = read_points_csv(spec);
    const std::string name = std::filesystem::path(spec).filename().string();
    const std::string d = name + " (" + std::to_string(xy.size() / 2) + " points)";
    return std::make_unique<PointDataset>(std::move(xy), d);
  }
  IdxFolder folder = read_idx_folder(spec);
  std::string name = std::filesystem::path(spec).filename().string();
  if (name.empty()) name = std::filesystem::path(spec).parent_path().filename().string();
  std::ostringstream d;
  d << name << " (" << folder.images.count << " images, " << folder.images.rows << "x"
    << folder.images.cols << ")";
  return std::make_unique<ImageDataset>(folder.images.count, folder.images.rows,
                                        folder.images.cols, std::move(folder.images.pixels),
                                        d.str());
}

std::unique_ptr<Dataset> random_images(int count, int rows, int cols, std::uint64_t seed) {
  nn::Rng rng(seed);
  std::vector<std::uint8_t> pixels(std::size_t(count) * rows * cols);
  for (auto& p : pixels) p = std::uint8_t(rng.below(256));
  return std::make_unique<ImageDataset>(count, rows, cols, std::move(pixels), "random images");
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
