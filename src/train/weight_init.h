// How G's and D's weights start (config key "init"), and the trainer's initialisation of a
// built network.
#pragma once

#include <string>

#include "nn/rng.h"
#include "nn/sequential.h"

namespace ganscope::train {

enum class InitScheme {
  // DCGAN (Radford et al. 2016, PyTorch's DCGAN example): weights N(0, 0.02), biases 0.
  Normal002,
  // What PyTorch's Linear, Conv2d and ConvTranspose2d do when constructed: weights by
  // kaiming_uniform_(a = sqrt(5)), which is U(-b, b) with b = gain * sqrt(3 / fan_in) and
  // gain = sqrt(2 / (1 + a^2)) = sqrt(1/3), so b = 1 / sqrt(fan_in) and Var = 1 / (3 fan_in);
  // biases U(-1/sqrt(fan_in), +) with the weight's fan_in. fan_in is torch's
  // _calculate_fan_in_and_fan_out: weight.size(1) * k * k, i.e. in for Linear, in_c k^2 for
  // Conv2d, and out_c k^2 for ConvTranspose2d (whose weight is (in_c, out_c, k, k)).
  // BatchNorm: scale 1, shift 0. LayerNorm, under either scheme: scale 1, shift 0 (torch's).
  TorchDefault,
};

// "normal_0.02", "torch_default".
const char* init_name(InitScheme s);
// The scheme of that name; throws std::invalid_argument "unknown init 'x' (known: ...)".
InitScheme init_from_string(const std::string& name);
std::string init_names();  // "normal_0.02, torch_default"

// Initialises every parameter of net from r in parameter order, by the scheme. BatchNorm's
// running statistics become 0 and 1. Normal002 also draws BatchNorm's scales from N(1, 0.02)
// (the DCGAN example's weights_init). Then each SpectralNorm's u and v and each Dropout's
// random state are drawn afresh from r, after all the weights.
void init_network(nn::Sequential<float>& net, nn::Rng& r, InitScheme scheme = InitScheme::Normal002);

}  // namespace ganscope::train
