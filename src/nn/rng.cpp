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
  alignas(64) float r[kChunk], angle[kChunk], z[2 * kChunk];
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
    // Eigen computes the entries before the destination's first aligned packet and after its
    // last whole one with std::cos and std::sin, the others with its own vectorised functions,
    // which round differently. So the values go to z, aligned, and are copied out: where out
    // lies must not decide them (a copy of the state filling a buffer at another alignment
    // drew slightly different values). Into an aligned out they are what they always were.
    const std::size_t first = std::min(pairs, n), second = std::min(pairs, n - first);
    Eigen::Map<Eigen::ArrayXf>(z, Eigen::Index(first)) = rs.head(first) * as.head(first).cos();
    Eigen::Map<Eigen::ArrayXf>(z + first, Eigen::Index(second)) =
        rs.head(second) * as.head(second).sin();
    out = std::copy(z, z + first + second, out);
    n -= first + second;
  }
}

}  // namespace ganscope::nn

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
