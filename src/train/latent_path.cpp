#include "train/latent_path.h"

#include <algorithm>
#include <cmath>

namespace ganscope::train {

// Why slerp: a d-dimensional N(0, I) vector almost always has a norm near sqrt(d), so G was
// trained on a thin shell. The straight line between two such vectors dips inside the shell
// (the midpoint of two orthogonal ones has norm sqrt(d / 2)), where G has seen no inputs.
// Slerp keeps the norm, following the arc (Shoemake 1985; White 2016 for GAN latents):
//   omega = arccos(a.b / (|a| |b|))
//   z(t)  = sin((1 - t) omega) / sin(omega) * a  +  sin(t omega) / sin(omega) * b
// For nearly parallel a and b, sin(omega) -> 0 and the arc is the line, so we lerp.
std::vector<float> interpolate(const std::vector<float>& a, const std::vector<float>& b, float t,
                               bool spherical) {
  const std::size_t n = std::min(a.size(), b.size());
  std::vector<float> z(n);
  double wa = 1.0 - t, wb = t;
  if (spherical) {
    double dot = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < n; ++i) {
      dot += double(a[i]) * b[i];
      aa += double(a[i]) * a[i];
      bb += double(b[i]) * b[i];
    }
    if (aa > 0 && bb > 0) {
      const double omega = std::acos(std::clamp(dot / std::sqrt(aa * bb), -1.0, 1.0));
      const double s = std::sin(omega);
      if (s > 1e-6) {
        wa = std::sin((1.0 - t) * omega) / s;
        wb = std::sin(t * omega) / s;
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) z[i] = float(wa * a[i] + wb * b[i]);
  return z;
}

std::vector<float> random_latent(int dim, std::mt19937& rng) {
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> z(std::size_t(std::max(dim, 0)));
  for (float& v : z) v = normal(rng);
  return z;
}

void to_pixels(const float* values, std::size_t count, std::uint8_t* pixels) {
  for (std::size_t i = 0; i < count; ++i) {
    const float v = std::isfinite(values[i]) ? values[i] : -1.0f;
    pixels[i] =
        static_cast<std::uint8_t>(std::lround(std::clamp((v + 1.0f) * 127.5f, 0.0f, 255.0f)));
  }
}

}  // namespace ganscope::train
