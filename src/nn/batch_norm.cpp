#include "nn/batch_norm.h"

#include <cassert>

#include "nn/shape.h"

namespace ganscope::nn {

using Eigen::Index;

template <typename T>
BatchNorm<T>::BatchNorm(int features) : BatchNorm(features, 1, 1) {
  is_2d_ = false;
}

template <typename T>
BatchNorm<T>::BatchNorm(int channels, int height, int width)
    : c_(channels), h_(height), w_(width), is_2d_(true) {
  if (channels <= 0 || height <= 0 || width <= 0)
    throw std::invalid_argument("BatchNorm needs positive sizes");
  gamma_ = Mat<T>::Ones(c_, 1);
  beta_ = Mat<T>::Zero(c_, 1);
  dgamma_ = Mat<T>::Zero(c_, 1);
  dbeta_ = Mat<T>::Zero(c_, 1);
  running_mean_ = Mat<T>::Zero(c_, 1);
  running_var_ = Mat<T>::Ones(c_, 1);
}

template <typename T>
std::string BatchNorm<T>::describe() const {
  return std::string(is_2d_ ? "BatchNorm2d(" : "BatchNorm1d(") + std::to_string(c_) + ")";
}

template <typename T>
int BatchNorm<T>::out_features(int in_features) const {
  const std::vector<int> dims = is_2d_ ? std::vector<int>{c_, h_, w_} : std::vector<int>{c_};
  if (in_features != shape_size(dims)) throw_input_mismatch(describe(), dims, in_features);
  return in_features;
}

template <typename T>
std::string BatchNorm<T>::output_shape() const {
  return is_2d_ ? shape_text({c_, h_, w_}) : std::to_string(c_);
}

template <typename T>
void BatchNorm<T>::set_batch_groups(int g) {
  if (g < 1) throw std::invalid_argument("BatchNorm: batch groups must be >= 1");
  groups_ = g;
}

// Sample b seen as (S, C), S = H*W: channel c is column c, so per-channel sums are column
// sums and per-channel scalings are rowwise broadcasts of a (1, C) row.
//
// x: (C*S, B) -> y: (C*S, B). Per channel and group: y = a x + c0, a = gamma / sqrt(var + eps),
// c0 = beta - a mean, from two passes over x for the mean and the variance (numerically
// safer than E[x^2] - mean^2) and one to write y.
template <typename T>
void BatchNorm<T>::forward(const Mat<T>& x, Mat<T>& y) {
  assert(x.rows() == Index(c_) * h_ * w_);
  const Index S = Index(h_) * w_, B = x.cols();
  const int groups = training_ ? groups_ : 1;
  if (training_ && B % groups != 0)
    throw std::invalid_argument(describe() + ": a batch of " + std::to_string(B) +
                                " columns does not split into " + std::to_string(groups) +
                                " groups");
  const Index Bg = B / groups, N = Bg * S;
  if (training_ && N < 2)
    throw std::invalid_argument(describe() +
                                " needs more than one value per channel in training mode");
  y.resize(x.rows(), B);
  // Columns 0..groups-1 are this call's; the matrices only grow, since D's batches alternate
  // between 2 groups and 1 and a resize each time would reallocate.
  if (mean_.cols() < groups) {
    mean_.resize(c_, groups);
    inv_std_.resize(c_, groups);
  }
  forward_training_ = training_;
  forward_groups_ = groups;
  auto sample = [&](const Mat<T>& m, Index b) {
    return Eigen::Map<const Mat<T>>(m.col(b).data(), S, c_);
  };

  for (int g = 0; g < groups; ++g) {
    const Index b0 = g * Bg;
    if (training_) {
      s1_.setZero(c_);
      for (Index b = b0; b < b0 + Bg; ++b) s1_ += sample(x, b).array().colwise().sum();
      s1_ /= T(N);  // mean
      s2_.setZero(c_);
      for (Index b = b0; b < b0 + Bg; ++b)
        s2_ += (sample(x, b).array().rowwise() - s1_).square().colwise().sum();
      s2_ /= T(N);  // biased variance
      const T m = T(kMomentum);
      running_mean_.col(0) = (1 - m) * running_mean_.col(0) + m * s1_.transpose().matrix();
      running_var_.col(0) =
          (1 - m) * running_var_.col(0) + (m * T(N) / T(N - 1)) * s2_.transpose().matrix();
      mean_.col(g) = s1_.transpose().matrix();
      inv_std_.col(g) = (s2_ + T(kEps)).rsqrt().transpose().matrix();
    } else {
      mean_.col(g) = running_mean_.col(0);
      inv_std_.col(g) = (running_var_.col(0).array() + T(kEps)).rsqrt().matrix();
    }
    a_ = gamma_.col(0).transpose().array() * inv_std_.col(g).transpose().array();
    c0_ = beta_.col(0).transpose().array() - a_ * mean_.col(g).transpose().array();
    for (Index b = b0; b < b0 + Bg; ++b)
      Eigen::Map<Mat<T>>(y.col(b).data(), S, c_).array() =
          (sample(x, b).array().rowwise() * a_).rowwise() + c0_;
  }
}

// Per channel and group, with s = 1/sqrt(var + eps), xhat = (x - mean) s, N values:
//   dbeta = sum dy,  dgamma = sum dy xhat = s sum dy (x - mean)
// Training (mean and var depend on x):
//   dx = gamma s (dy - mean(dy) - xhat mean(dy xhat))
//      = k1 dy + k2 (x - mean) + k3,  k1 = gamma s,  k2 = -gamma s^3 sum(dy (x - mean)) / N,
//                                      k3 = -gamma s sum(dy) / N
// Evaluation (running statistics are constants): dx = gamma s dy.
template <typename T>
void BatchNorm<T>::backward(const Mat<T>& x, const Mat<T>&, const Mat<T>& dy, Mat<T>* dx,
                            bool param_grads) {
  const Index S = Index(h_) * w_, B = dy.cols(), Bg = B / forward_groups_, N = Bg * S;
  assert(B % forward_groups_ == 0);
  auto sample = [&](const Mat<T>& m, Index b) {
    return Eigen::Map<const Mat<T>>(m.col(b).data(), S, c_);
  };
  if (param_grads && !this->accumulate_grads_) {
    dgamma_.setZero();
    dbeta_.setZero();
  }
  if (dx) dx->resize(x.rows(), B);
  const bool need_sums = param_grads || forward_training_;
  for (int g = 0; g < forward_groups_; ++g) {
    const Index b0 = g * Bg;
    const auto mean = mean_.col(g).transpose().array();
    const auto inv_std = inv_std_.col(g).transpose().array();
    if (need_sums) {
      s1_.setZero(c_);  // sum dy
      s2_.setZero(c_);  // sum dy (x - mean)
      for (Index b = b0; b < b0 + Bg; ++b) {
        s1_ += sample(dy, b).array().colwise().sum();
        s2_ += (sample(dy, b).array() * (sample(x, b).array().rowwise() - mean)).colwise().sum();
      }
      if (param_grads) {
        dgamma_.col(0) += (inv_std * s2_).transpose().matrix();
        dbeta_.col(0) += s1_.transpose().matrix();
      }
    }
    if (!dx) continue;
    a_ = gamma_.col(0).transpose().array() * inv_std;  // k1
    if (forward_training_) {
      k2_ = -a_ * inv_std.square() * s2_ / T(N);
      c0_ = -a_ * s1_ / T(N) - k2_ * mean;  // k3 - k2 mean
      for (Index b = b0; b < b0 + Bg; ++b)
        Eigen::Map<Mat<T>>(dx->col(b).data(), S, c_).array() =
            ((sample(dy, b).array().rowwise() * a_) + (sample(x, b).array().rowwise() * k2_))
                .rowwise() +
            c0_;
    } else {
      for (Index b = b0; b < b0 + Bg; ++b)
        Eigen::Map<Mat<T>>(dx->col(b).data(), S, c_).array() = sample(dy, b).array().rowwise() * a_;
    }
  }
}

template <typename T>
std::vector<Param<T>> BatchNorm<T>::params() {
  return {{&gamma_, &dgamma_, "weight"}, {&beta_, &dbeta_, "bias"}};
}

template <typename T>
std::unique_ptr<Layer<T>> BatchNorm<T>::clone() const {
  return std::make_unique<BatchNorm<T>>(*this);
}

template class BatchNorm<float>;
template class BatchNorm<double>;

}  // namespace ganscope::nn
