// Builds G and D from their layer lists (config.h's LayerSpec), tracking each sample's shape
// (flat features, or an image C x H x W) through the list, and the trainer's per-network
// helpers: BatchNorm batch groups, training / evaluation mode and the
// random state of Dropout layers.
#pragma once

#include <array>
#include <initializer_list>
#include <string>
#include <vector>

#include "nn/rng.h"
#include "nn/sequential.h"
#include "train/config.h"

namespace ganscope::train {

// A sample's shape: {features} or {channels, height, width}.
using SampleShape = std::vector<int>;

// "linear to 256", "conv to 64 channels, k4 s2 p1", "reshape to 128x7x7", ...: for messages.
std::string describe_spec(const LayerSpec& l);

// A network's shapes and sizes, checked as build_network checks them, allocating nothing.
struct NetworkPlan {
  std::vector<SampleShape> inputs;  // each layer's input
  SampleShape output;
  double params = 0;
  // Every layer's output plus convolutions' unfolded inputs: what one sample's forward pass
  // keeps (its backward pass keeps as many gradients).
  double values_per_sample = 0;
};
NetworkPlan plan_network(const std::vector<LayerSpec>& layers, const SampleShape& input,
                         const std::string& which);

// The network for inputs of the given shape. Every shape is checked before anything is
// allocated; a mismatch is a ConfigError naming the network (which: "generator" or
// "discriminator"), the layer number, the layer and both shapes, e.g.
//   "generator layer 3 (reshape to 128x7x7) needs 6272 inputs but gets 6000".
// out, when given, receives the output's shape.
nn::Sequential<float> build_network(const std::vector<LayerSpec>& layers, const SampleShape& input,
                                    const std::string& which, SampleShape* out = nullptr);
// The same for flat inputs (G's latent vector).
nn::Sequential<float> build_network(const std::vector<LayerSpec>& layers, int in_features,
                                    const std::string& which);

// Puts every layer of net into training (true) or evaluation mode.
void set_network_training(nn::Sequential<float>& net, bool training);

// Evaluation mode for the networks while it lives, training mode again after: BatchNorm
// normalises with its running statistics, Dropout is off, SpectralNorm skips the power
// iteration, so an evaluation pass changes no state of the networks.
class EvalMode {
 public:
  // At most kMaxNets networks (G and D: two), held in place so that a step's held-out probe
  // allocates nothing.
  static constexpr std::size_t kMaxNets = 4;
  explicit EvalMode(std::initializer_list<nn::Sequential<float>*> nets);
  ~EvalMode();
  EvalMode(const EvalMode&) = delete;
  EvalMode& operator=(const EvalMode&) = delete;

 private:
  std::array<nn::Sequential<float>*, kMaxNets> nets_{};
  std::size_t count_ = 0;
};

// The random states of net's Dropout layers as text (empty without Dropout), for checkpoints.
std::string dropout_states(const nn::Sequential<float>& net);
// Restores them; throws std::invalid_argument when the text does not fit net.
void set_dropout_states(nn::Sequential<float>& net, const std::string& text);

}  // namespace ganscope::train
