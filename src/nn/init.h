// Weight initialisation: every weight from N(0, 0.02), every bias 0, as in the DCGAN paper
// (Radford et al. 2016) and PyTorch's DCGAN example.
#pragma once

#include "nn/rng.h"
#include "nn/sequential.h"

namespace ganscope::nn {

constexpr float kInitStd = 0.02f;

template <typename T>
void init_normal(Sequential<T>& net, Rng& rng, T std = T(kInitStd)) {
  for (auto& p : net.params()) {
    const bool is_bias = p.is_bias();
    T* v = p.value->data();
    for (Eigen::Index i = 0; i < p.value->size(); ++i) v[i] = is_bias ? T(0) : std * T(rng.normal());
  }
}

}  // namespace ganscope::nn
