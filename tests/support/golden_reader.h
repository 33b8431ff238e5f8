// Reads the golden fixtures written by tests/golden/make_fixtures.py (the format is described
// there): named float32 arrays with their PyTorch shapes, behind a magic number and a version.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "nn/tensor.h"

namespace ganscope::testing {

struct GoldenArray {
  std::vector<int> dims;    // PyTorch's shape
  std::vector<float> data;  // C (row-major) order
};

class GoldenFile {
 public:
  static constexpr std::uint32_t kMagic = 0x444C4F47;  // "GOLD"
  static constexpr std::uint32_t kVersion = 1;

  // Throws std::runtime_error naming the file on a wrong magic or version, or a truncated or
  // overlong file.
  static GoldenFile read(const std::string& path);

  bool has(const std::string& name) const { return arrays_.count(name) != 0; }
  // Throws std::runtime_error naming the file and the array when it is missing.
  const GoldenArray& at(const std::string& name) const;

  // A batch stored as (B, d1, d2, ...): ganscope's (d1*d2*..., B), the same memory.
  template <typename T>
  nn::Mat<T> batch(const std::string& name) const;
  // A tensor (d0, d1, ...) as the row-major (d0, d1*d2*...) matrix, a vector (n) as (n, 1):
  // a weight (out, in, kh, kw) becomes ganscope's (out, in*kh*kw).
  template <typename T>
  nn::Mat<T> matrix(const std::string& name) const;
  // Element i of a flat array ("config").
  int integer(const std::string& name, std::size_t i) const;

 private:
  std::string path_;
  std::map<std::string, GoldenArray> arrays_;
};

template <typename T>
nn::Mat<T> GoldenFile::batch(const std::string& name) const {
  const GoldenArray& a = at(name);
  const Eigen::Index b = a.dims.empty() ? 1 : a.dims[0];
  const Eigen::Index features = b == 0 ? 0 : Eigen::Index(a.data.size()) / b;
  return Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>>(a.data.data(),
                                                                                features, b)
      .template cast<T>();
}

template <typename T>
nn::Mat<T> GoldenFile::matrix(const std::string& name) const {
  const GoldenArray& a = at(name);
  const Eigen::Index rows = a.dims.empty() ? 1 : a.dims[0];
  const Eigen::Index cols = rows == 0 ? 0 : Eigen::Index(a.data.size()) / rows;
  using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  return Eigen::Map<const RowMajor>(a.data.data(), rows, cols).template cast<T>();
}

}  // namespace ganscope::testing
