// Inverted dropout, as PyTorch's nn.Dropout: in training each value is kept with probability
// 1 - p and scaled by 1 / (1 - p), so evaluation (the identity) needs no rescaling.
//
// The mask comes from the layer's own Rng (seeded in the constructor). Its state is text
// (rng_state / set_rng_state) for checkpoints: the Rng draws one uniform per value in column
// order, so a restored state gives the same masks bit for bit.
#pragma once

#include <cstdint>

#include "nn/layer.h"
#include "nn/rng.h"

namespace ganscope::nn {

template <typename T>
class Dropout final : public DiagonalJacobianLayer<T> {
 public:
  explicit Dropout(double p, std::uint64_t seed = 1);

  std::string describe() const override;  // "Dropout(0.3)"
  int out_features(int in_features) const override { return in_features; }
  void forward(const Mat<T>& x, Mat<T>& y) override;
  void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                bool param_grads) override;
  std::unique_ptr<Layer<T>> clone() const override;

  void set_training(bool training) override { training_ = training; }
  bool training() const { return training_; }
  // While frozen, training-mode forwards reuse the last mask (drawn anew only when the shape
  // changes): a fixed mask, for gradient checks.
  void set_mask_frozen(bool frozen) { frozen_ = frozen; }
  const Mat<T>& mask() const { return mask_; }  // 0 or 1 / (1 - p) per value

  std::string rng_state() const { return rng_.state(); }
  void set_rng_state(const std::string& state) { rng_.set_state(state); }
  double p() const { return p_; }

 private:
  double p_;
  Rng rng_;
  bool training_ = true, frozen_ = false;
  bool masked_ = false;  // did the last forward apply mask_?
  Mat<T> mask_;
};

extern template class Dropout<float>;
extern template class Dropout<double>;

}  // namespace ganscope::nn
