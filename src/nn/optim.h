// Optimizers over a network's parameters. Their state (moments, step count) lives here and
// survives learning-rate and beta changes: settings are passed to every step, never baked in.
#pragma once

#include <cstdint>
#include <vector>

#include "nn/layer.h"
#include "nn/optimizer_kind.h"

namespace ganscope::nn {

struct OptimizerSettings {
  double lr = 2e-4;
  double beta1 = 0.5;   // Adam's first-moment decay; SGD's momentum
  double beta2 = 0.999;
  double alpha = 0.99;  // RMSprop's decay of the squared gradients' average
  double eps = 1e-8;
};

template <typename T>
class Optimizer {
 public:
  Optimizer(OptimizerKind kind, std::vector<Param<T>> params);

  // One update from the gradients now in the params; returns the gradient's L2 norm.
  //   Adam (as PyTorch): m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
  //                      p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
  //   SGD:               u = b1 u + g (u = g at the first step);  p -= lr u
  //   RMSprop (torch.optim.RMSprop without momentum, not centered):
  //                      v = alpha v + (1 - alpha) g^2;  p -= lr g / (sqrt(v) + eps)
  double step(const OptimizerSettings& s);

  void reset_state();
  std::int64_t steps() const { return t_; }
  OptimizerKind kind() const { return kind_; }

  // Moments as one flat vector (m then v), for checkpoints. Adam keeps m and v, SGD m (its
  // momentum buffer), RMSprop v (its square average).
  std::vector<T> state() const;
  void set_state(std::int64_t steps, const std::vector<T>& flat);

 private:
  OptimizerKind kind_;
  std::vector<Param<T>> params_;
  std::vector<Mat<T>> m_, v_;
  std::int64_t t_ = 0;
};

extern template class Optimizer<float>;
extern template class Optimizer<double>;

}  // namespace ganscope::nn
