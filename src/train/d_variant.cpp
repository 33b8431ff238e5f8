#include "train/d_variant.h"

#include <cassert>

namespace ganscope::train {

std::vector<LayerSpec> d_layers(const std::vector<LayerSpec>& layers, bool spectral_norm) {
  std::vector<LayerSpec> out = layers;
  if (spectral_norm)
    for (auto& l : out)
      if (l.type == "linear" || l.type == "conv") l.spectral_norm = true;
  return out;
}

SampleShape packed_shape(const SampleShape& sample, int m) {
  SampleShape s = sample;
  s[0] *= m;  // features, or channels
  return s;
}

const nn::MatF& pack(const nn::MatF& x, int m, nn::MatF& out) {
  if (m == 1) return x;
  assert(x.cols() % m == 0);
  out = x;  // same size as last time: no allocation
  // Eigen keeps the values when the number of coefficients does not change.
  out.resize(x.rows() * m, x.cols() / m);
  return out;
}

void unpack(nn::MatF& packed, int m) {
  if (m == 1) return;
  packed.resize(packed.rows() / m, packed.cols() * m);
}

}  // namespace ganscope::train
