#include "nn/optim.h"

#include <cmath>
#include <stdexcept>

#include "nn/threads.h"

namespace ganscope::nn {

template <typename T>
Optimizer<T>::Optimizer(OptimizerKind kind, std::vector<Param<T>> params)
    : kind_(kind), params_(std::move(params)) {
  reset_state();
}

template <typename T>
void Optimizer<T>::reset_state() {
  m_.clear();
  v_.clear();
  for (auto& p : params_) {
    if (kind_ != OptimizerKind::RmsProp) m_.push_back(Mat<T>::Zero(p.value->rows(), p.value->cols()));
    if (kind_ != OptimizerKind::Sgd) v_.push_back(Mat<T>::Zero(p.value->rows(), p.value->cols()));
  }
  t_ = 0;
}

template <typename T>
double Optimizer<T>::step(const OptimizerSettings& s) {
  ++t_;
  const T b1 = T(s.beta1), b2 = T(s.beta2), eps = T(s.eps);
  const T step_size = T(s.lr / (1.0 - std::pow(s.beta1, double(t_))));
  const T inv_sqrt_bias2 = T(1.0 / std::sqrt(1.0 - std::pow(s.beta2, double(t_))));
  const T lr = T(s.lr), alpha = T(s.alpha);
  const bool first = t_ == 1;
  double sumsq = 0;
  for (std::size_t k = 0; k < params_.size(); ++k) {
    T* p = params_[k].value->data();
    const T* g = params_[k].grad->data();
    const std::ptrdiff_t n = params_[k].value->size();
    // One fused pass per tensor: the update is memory-bound, so touch each array once.
    // update(i) applies the rule to entry i and returns g_i^2 for the gradient norm.
    const bool parallel = worth_parallel(n, 65536);
    auto run = [&](auto update) {
      if (parallel) {
#pragma omp parallel for simd reduction(+ : sumsq) schedule(static)
        for (std::ptrdiff_t i = 0; i < n; ++i) sumsq += update(i);
      } else {
#pragma omp simd reduction(+ : sumsq)
        for (std::ptrdiff_t i = 0; i < n; ++i) sumsq += update(i);
      }
    };
    if (kind_ == OptimizerKind::Adam) {
      T* m = m_[k].data();
      T* v = v_[k].data();
      run([&](std::ptrdiff_t i) {
        T gi = g[i];
        m[i] = b1 * m[i] + (T(1) - b1) * gi;
        v[i] = b2 * v[i] + (T(1) - b2) * gi * gi;
        p[i] -= step_size * m[i] / (std::sqrt(v[i]) * inv_sqrt_bias2 + eps);
        return double(gi) * gi;
      });
    } else if (kind_ == OptimizerKind::RmsProp) {
      T* v = v_[k].data();
      run([&](std::ptrdiff_t i) {
        T gi = g[i];
        v[i] = alpha * v[i] + (T(1) - alpha) * gi * gi;
        p[i] -= lr * gi / (std::sqrt(v[i]) + eps);
        return double(gi) * gi;
      });
    } else {
      T* m = m_[k].data();
      run([&](std::ptrdiff_t i) {
        T gi = g[i];
        m[i] = first ? gi : b1 * m[i] + gi;
        p[i] -= lr * m[i];
        return double(gi) * gi;
      });
    }
  }
  return std::sqrt(sumsq);
}

template <typename T>
std::vector<T> Optimizer<T>::state() const {
  std::vector<T> flat;
  for (const auto* moments : {&m_, &v_})
    for (const auto& a : *moments) flat.insert(flat.end(), a.data(), a.data() + a.size());
  return flat;
}

template <typename T>
void Optimizer<T>::set_state(std::int64_t steps, const std::vector<T>& flat) {
  std::size_t need = 0;
  for (const auto* moments : {&m_, &v_})
    for (const auto& a : *moments) need += std::size_t(a.size());
  if (flat.size() != need)
    throw std::invalid_argument("optimizer state has " + std::to_string(flat.size()) +
                                " values, expected " + std::to_string(need));
  std::size_t at = 0;
  for (auto* moments : {&m_, &v_})
    for (auto& a : *moments) {
      std::copy(flat.begin() + at, flat.begin() + at + a.size(), a.data());
      at += std::size_t(a.size());
    }
  t_ = steps;
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace ganscope::nn
