#include "nn/rng.h"

#include <algorithm>

// GCC 12 warns inside its own AVX-512 header when Eigen's vectorised sin/cos shifts a
// register (_mm512_undefined_epi32 initialises itself on purpose): a false alarm.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <Eigen/Core>

namespace ganscope::nn {

void Rng::fill_normal(float* out, std::size_t n) {
  constexpr std::size_t kChunk = 128;  // pairs per chunk
  alignas(64) float r[kChunk], angle[kChunk];
  while (n > 0) {
    const std::size_t pairs = std::min(kChunk, (n + 1) / 2);
    for (std::size_t i = 0; i < pairs; ++i) {
      const std::uint64_t x = engine_();
      r[i] = (float(x >> 40) + 1.0f) * (1.0f / 16777216.0f);
      angle[i] = float((x >> 16) & 0xFFFFFF) * (6.2831853f / 16777216.0f);
    }
    using Chunk = Eigen::Map<Eigen::ArrayXf, Eigen::Aligned64>;
    Chunk rs(r, Eigen::Index(pairs)), as(angle, Eigen::Index(pairs));
    rs = (-2.0f * rs.log()).sqrt();
    const std::size_t first = std::min(pairs, n), second = std::min(pairs, n - first);
    Eigen::Map<Eigen::ArrayXf>(out, Eigen::Index(first)) = rs.head(first) * as.head(first).cos();
    Eigen::Map<Eigen::ArrayXf>(out + first, Eigen::Index(second)) =
        rs.head(second) * as.head(second).sin();
    out += first + second;
    n -= first + second;
  }
}

}  // namespace ganscope::nn

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
