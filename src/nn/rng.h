// A seeded random source whose whole state is the engine's: no distribution object caches a
// value between calls, so saving the engine's state is enough to continue bit-for-bit.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>

namespace ganscope::nn {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1) : engine_(seed) {}

  // Uniform in [0, 1) with 24 random bits (exact in float).
  float uniform() { return float(engine_() >> 40) * (1.0f / 16777216.0f); }

  // N(0, 1) by Box-Muller from two uniforms; the second value is thrown away on purpose.
  float normal() {
    double u1 = (double(engine_() >> 11) + 1.0) * (1.0 / 9007199254740993.0);  // (0, 1]
    double u2 = double(engine_() >> 11) * (1.0 / 9007199254740992.0);          // [0, 1)
    return float(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
  }

  // n values of N(0, 1), for latent batches, where one normal() per entry (double log and
  // cos) was a fifth of a small 2D model's step. Box-Muller in float on whole chunks, so
  // Eigen vectorises log, sin and cos, and both values of each pair are kept: one engine draw
  // gives u1 in (0, 1] and u2 in [0, 1) (24 bits each), then r = sqrt(-2 ln u1) and the pair
  // is (r cos 2 pi u2, r sin 2 pi u2). With 24-bit u1, |z| <= sqrt(2 ln 2^24) = 5.77: the
  // tail beyond (probability 8e-9) is cut. Uses no heap, and consumes ceil(n / 2) draws.
  void fill_normal(float* out, std::size_t n);

  // Uniform integer in [0, n), n > 0, without modulo bias (Lemire's multiply-and-reject).
  std::uint64_t below(std::uint64_t n) {
    while (true) {
      std::uint64_t x = engine_();
      unsigned __int128 m = (unsigned __int128)x * n;
      std::uint64_t low = std::uint64_t(m);
      if (low >= n || low >= (-n) % n) return std::uint64_t(m >> 64);
    }
  }

  std::string state() const {
    std::ostringstream s;
    s << engine_;
    return s.str();
  }
  void set_state(const std::string& text) {
    std::istringstream s(text);
    s >> engine_;
    if (!s) throw std::invalid_argument("bad random-number state");
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace ganscope::nn
