// Shapes as text ("64x14x14") and the one error every layer throws when its input size is wrong.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace ganscope::nn {

inline std::string shape_text(const std::vector<int>& dims) {
  std::string s;
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? "x" : "") + std::to_string(dims[i]);
  return s;
}

inline long shape_size(const std::vector<int>& dims) {
  long n = 1;
  for (int d : dims) n *= d;
  return n;
}

// "Conv2d(1->64, k4, s2, p1) expects 1x28x28 = 784 inputs but gets 6272"; a flat shape reads
// "BatchNorm1d(256) expects 256 inputs but gets 512".
[[noreturn]] inline void throw_input_mismatch(const std::string& layer,
                                              const std::vector<int>& dims, long got) {
  std::string want = shape_text(dims);
  if (dims.size() > 1) want += " = " + std::to_string(shape_size(dims));
  throw std::invalid_argument(layer + " expects " + want + " inputs but gets " +
                              std::to_string(got));
}

}  // namespace ganscope::nn
