// An exponential moving average of G's weights (Yazici et al. 2019; Karras et al. 2018's G_ema):
// after each G step, for every parameter,
//   ema = beta ema + (1 - beta) theta,
// which averages G over its last ~1 / (1 - beta) steps (1,000 at beta 0.999) and so smooths out
// the oscillation of the game; the average usually makes better samples than G itself.
// Buffers (BatchNorm's running statistics, SpectralNorm's u and v) are copied, not averaged,
// as StyleGAN2's training loop does: they are estimates for G's current weights, not weights.
// The window's "Show EMA generator" and `ganscope sample --ema` generate from this copy.
#pragma once

#include <utility>
#include <vector>

#include "nn/sequential.h"

namespace ganscope::train {

class GeneratorEma {
 public:
  GeneratorEma() = default;
  GeneratorEma(const GeneratorEma&) = delete;
  GeneratorEma& operator=(const GeneratorEma&) = delete;

  bool active() const { return active_; }
  // Starts the average at g's current weights (a copy of g). g must outlive the average, at
  // the same address: update() keeps pointers to its tensors.
  void start(nn::Sequential<float>& g);
  void stop();  // off: the copy is freed
  // One step of the average toward g's weights; allocates nothing.
  void update(float beta);
  nn::Sequential<float>& net() { return net_; }

 private:
  bool active_ = false;
  nn::Sequential<float> net_;
  // (the average's tensor, G's), parameters then buffers, in Sequential's order.
  std::vector<std::pair<nn::MatF*, const nn::MatF*>> params_, buffers_;
};

}  // namespace ganscope::train
