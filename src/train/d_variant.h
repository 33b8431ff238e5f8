// D's variants, the Hyper fields that change what D is (docs/design.md, "D's variants"): spectral
// normalisation of every Linear and Conv2d layer (Miyato et al. 2018), and PacGAN's packing
// (Lin et al. 2018), where D judges m samples at once, concatenated along the feature axis, so
// that a G that collapses onto few modes makes packs that look alike and is caught. Either
// changes D's parameters or its input size, so switching one builds a new D (Trainer::set_hyper).
#pragma once

#include <string>
#include <vector>

#include "nn/tensor.h"
#include "train/config.h"
#include "train/network_builder.h"

namespace ganscope::train {

// D's layer list with every linear and conv layer spectrally normalised when on, as their own
// "spectral_norm": true would make them; as given when off (a layer's own flag stays).
std::vector<LayerSpec> d_layers(const std::vector<LayerSpec>& layers, bool spectral_norm);

// What D sees of one pack of m samples: m x the features, or for an image its channels times m
// (the m images stacked as channels, as PacGAN does with convolutions).
SampleShape packed_shape(const SampleShape& sample, int m);

// The packs of a batch x (F, B): (m F, B / m), pack j holding samples j m .. j m + m - 1 one
// after another. Column-major memory makes that the same buffer read with other sizes, so
// packing is a plain copy into out, and returns x itself when m is 1. B % m must be 0.
const nn::MatF& pack(const nn::MatF& x, int m, nn::MatF& out);
// The inverse for D's input gradient, in place: (m F, B / m) -> (F, B), the same memory, so
// G's gradient for sample j m + k is exactly the slot k of pack j's.
void unpack(nn::MatF& packed, int m);

}  // namespace ganscope::train
