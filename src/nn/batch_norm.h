// Batch normalisation as PyTorch's BatchNorm1d (x: (F, B), statistics per feature over the
// batch) and BatchNorm2d (x: (C*H*W, B), statistics per channel over the batch and the plane),
// with a learned scale gamma ("weight") and shift beta ("bias"), eps 1e-5, momentum 0.1.
//
// Training: each channel c of a batch of N = B*H*W values is normalised with the batch's own
// mean and biased variance, xhat = (x - mean) / sqrt(var + eps), y = gamma xhat + beta, and the
// running statistics move toward the batch's: running = 0.9 running + 0.1 stat, with the
// unbiased variance var * N / (N - 1). Evaluation: the running statistics normalise instead.
//
// Batch groups: the trainer pushes [real | fake] through D as one batch of 2B columns, while
// PyTorch normalises D(real) and D(fake) as two batches. With set_batch_groups(g), training
// mode normalises each of g equal contiguous column groups with its own statistics and updates
// the running statistics once per group, in order: exactly g separate calls.
#pragma once

#include "nn/layer.h"

namespace ganscope::nn {

template <typename T>
class BatchNorm final : public Layer<T> {
 public:
  static constexpr double kEps = 1e-5;
  static constexpr double kMomentum = 0.1;

  explicit BatchNorm(int features);                // BatchNorm1d over (features, B)
  BatchNorm(int channels, int height, int width);  // BatchNorm2d over (C*H*W, B)

  std::string describe() const override;  // "BatchNorm1d(256)", "BatchNorm2d(64)"
  int out_features(int in_features) const override;
  std::string output_shape() const override;
  void forward(const Mat<T>& x, Mat<T>& y) override;
  void backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                bool param_grads) override;
  std::vector<Param<T>> params() override;
  std::vector<Mat<T>*> buffers() override { return {&running_mean_, &running_var_}; }
  std::unique_ptr<Layer<T>> clone() const override;

  void set_training(bool training) override { training_ = training; }
  bool training() const { return training_; }
  // g >= 1; in training the batch size must then be a multiple of g (checked in forward).
  void set_batch_groups(int g);
  int batch_groups() const { return groups_; }

  int channels() const { return c_; }
  Mat<T>& weight() { return gamma_; }  // (C, 1)
  Mat<T>& bias() { return beta_; }     // (C, 1)
  Mat<T>& running_mean() { return running_mean_; }
  Mat<T>& running_var() { return running_var_; }

 private:
  using Row = Eigen::Array<T, 1, Eigen::Dynamic>;  // one value per channel

  int c_, h_, w_;
  bool is_2d_;
  bool training_ = true;
  int groups_ = 1;
  Mat<T> gamma_, beta_, dgamma_, dbeta_;  // (C, 1)
  Mat<T> running_mean_, running_var_;     // (C, 1): 0 and 1 at the start, as PyTorch
  // What the last forward normalised with, per channel (row) and column group: the mean and
  // 1 / sqrt(var + eps) (the running ones in evaluation mode), for backward.
  Mat<T> mean_, inv_std_;
  bool forward_training_ = true;
  int forward_groups_ = 1;
  Row s1_, s2_, a_, c0_, k2_;  // per-channel scratch
};

extern template class BatchNorm<float>;
extern template class BatchNorm<double>;

}  // namespace ganscope::nn
