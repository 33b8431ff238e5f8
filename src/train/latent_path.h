// The math of the latent explorer and of walk exports (train/latent_walk.h): points between
// two latent vectors, and G's outputs as pixels. Eigen-free, as the UI includes it.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace ganscope::train {

// The point a fraction t of the way from a to b, along a straight line (lerp) or along the
// great circle through them (slerp). See the .cpp for why slerp suits Gaussian latents.
std::vector<float> interpolate(const std::vector<float>& a, const std::vector<float>& b, float t,
                               bool spherical);

// A latent vector drawn from N(0, 1), the prior G was trained on.
std::vector<float> random_latent(int dim, std::mt19937& rng);

// G's image outputs in [-1, 1] as grey levels 0..255 (out of range values are clamped).
void to_pixels(const float* values, std::size_t count, std::uint8_t* pixels);

}  // namespace ganscope::train
