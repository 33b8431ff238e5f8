// One step of power iteration towards a matrix's largest singular value sigma_1(W), shared by
// spectral normalisation (nn/spectral_norm.h) and the trainer's per-layer spectral norms
// (train/layer_stats.h). With u (rows, 1) and v (cols, 1):
//   v <- normalize(W^T u),  u <- normalize(W v),   normalize(a) = a / max(|a|, eps)
// and |W v| before that last normalisation is u^T W v after it: an estimate of sigma_1 from
// below that converges as (sigma_2 / sigma_1)^(2k) in the vectors; the estimate's own error
// is of second order in theirs.
#pragma once

#include <algorithm>

#include "nn/tensor.h"

namespace ganscope::nn {

inline constexpr double kPowerIterationEps = 1e-12;  // as torch.nn.utils.spectral_norm

// Updates u and v in place (no allocation: they keep their sizes) and returns |W v|.
template <typename T>
T power_iteration_step(const Mat<T>& w, Mat<T>& u, Mat<T>& v) {
  v.noalias() = w.transpose() * u;
  v /= std::max(v.norm(), T(kPowerIterationEps));
  u.noalias() = w * v;
  const T wv = u.norm();
  u /= std::max(wv, T(kPowerIterationEps));
  return wv;
}

}  // namespace ganscope::nn
