#include "nn/spectral_norm.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "nn/conv2d.h"
#include "nn/linear.h"
#include "nn/rng.h"

namespace ganscope::nn {

template <typename T>
SpectralNorm<T>::SpectralNorm(std::unique_ptr<Layer<T>> inner, std::uint64_t seed)
    : inner_(std::move(inner)) {
  if (!inner_ ||
      !(dynamic_cast<Linear<T>*>(inner_.get()) || dynamic_cast<Conv2d<T>*>(inner_.get())))
    throw std::invalid_argument("SpectralNorm wraps a Linear or a Conv2d layer");
  bind_inner();
  w_ = *w_sn_;
  dw_ = Mat<T>::Zero(w_.rows(), w_.cols());
  Rng rng(seed);
  u_.resize(w_.rows(), 1);
  v_.resize(w_.cols(), 1);
  for (Eigen::Index i = 0; i < u_.size(); ++i) u_(i) = T(rng.normal());
  for (Eigen::Index i = 0; i < v_.size(); ++i) v_(i) = T(rng.normal());
  u_ /= std::max(u_.norm(), T(kEps));
  v_ /= std::max(v_.norm(), T(kEps));
}

template <typename T>
SpectralNorm<T>::SpectralNorm(const SpectralNorm& other)
    : Layer<T>(other), inner_(other.inner_->clone()), w_(other.w_), dw_(other.dw_), u_(other.u_),
      v_(other.v_), sigma_(other.sigma_), training_(other.training_), frozen_(other.frozen_) {
  bind_inner();
}

// Both Linear and Conv2d list their weight first.
template <typename T>
void SpectralNorm<T>::bind_inner() {
  auto p = inner_->params();
  w_sn_ = p.at(0).value;
  dw_sn_ = p.at(0).grad;
}

template <typename T>
std::string SpectralNorm<T>::describe() const {
  return "SpectralNorm(" + inner_->describe() + ")";
}

template <typename T>
void SpectralNorm<T>::set_training(bool training) {
  training_ = training;
  inner_->set_training(training);
}

template <typename T>
void SpectralNorm<T>::power_iteration() {
  power_iteration_step(w_, u_, v_);
}

// dw -= k u v^T, column by column: u and v are (n, 1) matrices, which Eigen multiplies as a
// general product through a temporary (an allocation in every D update); as columns they are not.
template <typename T>
void SpectralNorm<T>::subtract_outer(T k) {
  for (Eigen::Index j = 0; j < dw_.cols(); ++j) dw_.col(j) -= (k * v_(j)) * u_.col(0);
}

// W_sn = W / (u^T W v), then the wrapped layer: x: (in, B) -> y: (out, B) as it defines them.
template <typename T>
void SpectralNorm<T>::forward(const Mat<T>& x, Mat<T>& y) {
  if (training_ && !frozen_) power_iteration();
  wv_.noalias() = w_ * v_;
  sigma_ = u_.col(0).dot(wv_.col(0));
  *w_sn_ = w_ / sigma_;
  inner_->forward(x, y);
}

// G = dL/dW_sn from the wrapped layer; dW = (G - sum(G .* W_sn) u v^T) / sigma.
template <typename T>
void SpectralNorm<T>::backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& dy, Mat<T>* dx,
                               bool param_grads) {
  // Accumulating: the inner layer's bias gradient (a parameter of this layer, see params())
  // adds up with the inner layer's own flag; its weight gradient, the one for W / sigma, must
  // be this pass's alone, because the chain rule below uses this pass's sigma, u and v. So it
  // starts from 0, and only the result adds up in dw_.
  inner_->set_accumulate_grads(this->accumulate_grads_);
  if (param_grads && this->accumulate_grads_) dw_sn_->setZero();
  inner_->backward(x, y, dy, dx, param_grads);
  if (!param_grads) return;
  const T g_dot_w = (dw_sn_->array() * w_sn_->array()).sum();
  if (!this->accumulate_grads_) dw_.setZero();
  dw_.noalias() += *dw_sn_ / sigma_;
  subtract_outer(g_dot_w / sigma_);
}

// The wrapped layer's tangent pass, with its W / sigma gradient turned into W's as in backward.
template <typename T>
bool SpectralNorm<T>::tangent_backward(const Mat<T>& x, const Mat<T>& y, const Mat<T>& xt,
                                       const Mat<T>* ybar, const Mat<T>& ytbar, Mat<T>* xbar,
                                       Mat<T>* xtbar) {
  dw_sn_->setZero();
  const bool wrote = inner_->tangent_backward(x, y, xt, ybar, ytbar, xbar, xtbar);
  const T g_dot_w = (dw_sn_->array() * w_sn_->array()).sum();
  dw_.noalias() += *dw_sn_ / sigma_;
  subtract_outer(g_dot_w / sigma_);
  return wrote;
}

template <typename T>
std::vector<Param<T>> SpectralNorm<T>::params() {
  std::vector<Param<T>> all{{&w_, &dw_, "weight"}};
  auto inner = inner_->params();
  all.insert(all.end(), inner.begin() + 1, inner.end());
  return all;
}

template <typename T>
std::vector<Mat<T>*> SpectralNorm<T>::buffers() {
  std::vector<Mat<T>*> all{&u_, &v_};
  for (auto* b : inner_->buffers()) all.push_back(b);
  return all;
}

template <typename T>
std::unique_ptr<Layer<T>> SpectralNorm<T>::clone() const {
  return std::make_unique<SpectralNorm<T>>(*this);
}

template class SpectralNorm<float>;
template class SpectralNorm<double>;

}  // namespace ganscope::nn
