// Per-layer gradient norms and spectral norms of a network (issue 12's diagnostics): the
// window's model table and RUN/layers.csv. Read from the network as its last update left it:
// a layer's backward overwrites its parameter gradients only when asked for them
// (param_grads), and nothing but the network's own update asks (G's backward through D, the
// window's push arrows and the held-out scores leave D's gradients alone), so between updates
// the gradients are those of the last one.
//
// The spectral norm sigma_1(W) of each Linear and Conv2d is estimated by power iteration
// (nn/power_iteration.h) with vectors kept from one measurement to the next, so that a few
// iterations per measurement follow W as it trains: one in the window (10 measurements a
// second), kHeadlessIterations every 100 steps headless, and kFirstIterations more when the
// vectors start (a fresh draw is far from W's top singular vectors: ring's G read 0.70 at step
// 100 after one iteration, 2.18 at step 200 after two). The vectors are the meter's own; a
// SpectralNorm layer's u and v, which its training uses, are left as they are.
#pragma once

#include <vector>

#include "nn/sequential.h"
#include "train/snapshot.h"  // LayerStat

namespace ganscope::train {

class LayerStatsMeter {
 public:
  // Appends a LayerStat for each of net's layers that has parameters, named network; the
  // gradient norms are kNoValue unless grads_fresh (the network has been updated since it was
  // built or loaded). Runs `iterations` power iterations per weight matrix.
  void measure(const char* network, nn::Sequential<float>& net, bool grads_fresh, int iterations,
               std::vector<LayerStat>& out);
  // Starts the power iterations again (a network rebuilt or loaded: the old vectors belong to
  // other weights).
  void forget() { vectors_.clear(); }

  static constexpr int kFirstIterations = 30;
  static constexpr int kHeadlessIterations = 10;

 private:
  struct Vectors {
    nn::MatF u, v;  // (out, 1), (in, 1): the estimate's left and right singular vectors
    nn::MatF wv;    // scratch: W v for a SpectralNorm layer's own sigma
  };
  float spectral_norm(nn::Layer<float>& layer, Vectors& vectors, int iterations);

  std::vector<Vectors> vectors_;  // one per layer of the network
};

}  // namespace ganscope::train
