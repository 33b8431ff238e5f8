// A chain of layers that keeps its activations and their gradients between forward and
// backward. Buffers are reused from step to step, so a steady-state step allocates nothing:
// activations are kept per batch width (a "tape" per column count), because between training
// steps the same networks also run at other widths (a snapshot's 4,096-point heatmap, 2,500
// quality samples, the sample grid), and one set of matrices resized back and forth would be
// freed and page-faulted in again each time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "nn/layer.h"

namespace ganscope::nn {

template <typename T>
class Sequential {
 public:
  Sequential() = default;
  Sequential(const Sequential& other);
  Sequential& operator=(const Sequential& other);
  Sequential(Sequential&&) noexcept = default;
  Sequential& operator=(Sequential&&) noexcept = default;

  // Appends a layer; throws std::invalid_argument naming the layer when its input size does
  // not match the previous output (in_features is the network's input size).
  void add(std::unique_ptr<Layer<T>> layer);
  void set_input_features(int n) { in_features_ = n; }
  int in_features() const { return in_features_; }
  int out_features() const;
  std::size_t size() const { return layers_.size(); }
  Layer<T>& layer(std::size_t i) { return *layers_[i]; }
  const Layer<T>& layer(std::size_t i) const { return *layers_[i]; }

  // x: (in, B) -> output (out, B). x must stay alive until backward.
  const Mat<T>& forward(const Mat<T>& x);
  const Mat<T>& output() const { return tapes_[current_].acts.back(); }
  // Layer i's output in the last forward pass.
  const Mat<T>& activation(std::size_t i) const { return tapes_[current_].acts[i]; }
  // dy: (out, B) -> gradients of every parameter (when param_grads; added to the held ones
  // when accumulate) and, when dx is not null, dL/dx (in, B).
  void backward(const Mat<T>& dy, Mat<T>* dx, bool param_grads = true, bool accumulate = false);

  // The gradient penalties' pass (layer.h, "Second derivatives"). After forward(x) (and
  // any backward), given a direction v (in, B) per sample and weights w (out, B) of the
  // output's tangent yt = (dy/dx) v, adds to every parameter gradient
  //   d/dtheta sum(w .* yt),
  // which for a scalar critic and w = 1 is d/dtheta sum_i v_i . grad_x D(x_i).
  // Throws std::invalid_argument naming the first layer without second derivatives.
  void add_tangent_param_grads(const Mat<T>& v, const Mat<T>& w);
  // describe() of the first layer without second derivatives, "" when every layer has them.
  std::string first_layer_without_tangent() const;

  std::vector<Param<T>> params();
  std::size_t parameter_count();
  // Copies every parameter, then every buffer, into / out of one flat vector: all of the
  // network's state, for checkpoints.
  std::vector<T> flat_state();
  void set_flat_state(const std::vector<T>& flat);

  // Forward multiply-adds per sample, and what the layer list looks like.
  double macs_per_sample() const;
  double first_layer_macs() const;  // backward skips dx of layer 0
  std::vector<std::string> describe() const;

 private:
  struct Tape {
    Eigen::Index cols = -1;      // batch width these buffers are sized for
    std::vector<Mat<T>> acts;    // acts[i]: output of layer i
    std::vector<Mat<T>> grads;   // grads[i]: dL/d acts[i]
    std::vector<Mat<T>> tangents, tangent_grads;  // the penalty's pass: yt of layer i, its adjoint
    unsigned long last_use = 0;  // for evicting the least recently used tape
  };
  // Training uses one width (B); snapshots and measurements use a few others. More than
  // kMaxTapes evicts the least recently used.
  static constexpr std::size_t kMaxTapes = 4;
  Tape& tape_for(Eigen::Index cols);

  std::vector<std::unique_ptr<Layer<T>>> layers_;
  std::vector<Tape> tapes_ = std::vector<Tape>(1);
  std::size_t current_ = 0;  // the tape of the last forward, which backward uses
  unsigned long uses_ = 0;
  const Mat<T>* input_ = nullptr;
  int in_features_ = 0;
};

extern template class Sequential<float>;
extern template class Sequential<double>;

}  // namespace ganscope::nn
