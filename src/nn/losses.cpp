#include "nn/losses.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ganscope::nn {

template <typename T>
T softplus(T s) {
  return std::max(s, T(0)) + std::log1p(std::exp(-std::abs(s)));
}

// Sum of bce over columns [from, from + n) of a (1, N) row; writes scale * (sigmoid - t).
template <typename T>
static T bce_range(const Mat<T>& s, Eigen::Index from, Eigen::Index n, T target, T scale,
                   Mat<T>* grad) {
  T sum = 0;
  for (Eigen::Index i = from; i < from + n; ++i) {
    T v = s(0, i);
    sum += softplus(v) - target * v;
    if (grad) (*grad)(0, i) = scale * (sigmoid(v) - target);
  }
  return sum;
}

template <typename T>
T bce_with_logits(const Mat<T>& logits, T target, Mat<T>* grad) {
  Eigen::Index n = logits.size();
  if (grad) grad->resize(logits.rows(), logits.cols());
  // Treat any shape as a flat row: map it as (1, n).
  Mat<T> row = Eigen::Map<const Mat<T>>(logits.data(), 1, n);
  Mat<T> g;
  if (grad) g.resize(1, n);
  T sum = bce_range(row, 0, n, target, T(1) / T(n), grad ? &g : nullptr);
  if (grad) Eigen::Map<Mat<T>>(grad->data(), 1, n) = g;
  return sum / T(n);
}

// Sum of term(s) over columns [from, from + n) of a (1, N) row; writes scale * term'(s).
// The products and sums run in the order the BCE-only code of before ran them, so the
// non-saturating game's step is bit for bit what it was.
template <typename T>
static T term_range(T (*term)(T, T*), const Mat<T>& s, Eigen::Index from, Eigen::Index n,
                    T scale, Mat<T>* grad) {
  T sum = 0, ds = 0;
  for (Eigen::Index i = from; i < from + n; ++i) {
    sum += term(s(0, i), &ds);
    if (grad) (*grad)(0, i) = scale * ds;
  }
  return sum;
}

template <typename T>
T discriminator_loss(const GanObjective& o, const Mat<T>& s, int n_real, Mat<T>* grad) {
  const Eigen::Index n_fake = s.cols() - n_real;
  const T w = T(o.d_weight);
  if (grad) grad->resize(1, s.cols());
  const auto& t = o.terms<T>();
  T real = term_range(t.d_real, s, 0, n_real, w / T(n_real), grad);
  T fake = term_range(t.d_fake, s, n_real, n_fake, w / T(n_fake), grad);
  return w * (real / T(n_real) + fake / T(n_fake));
}

template <typename T>
T discriminator_half_loss(const GanObjective& o, const Mat<T>& s, bool real, Mat<T>* grad) {
  const Eigen::Index n = s.cols();
  const T w = T(o.d_weight);
  if (grad) grad->resize(1, n);
  const auto& t = o.terms<T>();
  return w * term_range(real ? t.d_real : t.d_fake, s, 0, n, w / T(n), grad) / T(n);
}

template <typename T>
T generator_loss(const GanObjective& o, const Mat<T>& s, Mat<T>* grad) {
  const Eigen::Index n = s.cols();
  if (grad) grad->resize(1, n);
  T sum = 0, ds = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    sum += o.terms<T>().g_fake(s(0, i), &ds);
    if (grad) (*grad)(0, i) = ds / T(n);
  }
  return sum / T(n);
}

template float softplus(float);
template double softplus(double);
template float bce_with_logits(const Mat<float>&, float, Mat<float>*);
template double bce_with_logits(const Mat<double>&, double, Mat<double>*);
template float discriminator_loss(const GanObjective&, const Mat<float>&, int, Mat<float>*);
template double discriminator_loss(const GanObjective&, const Mat<double>&, int, Mat<double>*);
template float discriminator_half_loss(const GanObjective&, const Mat<float>&, bool, Mat<float>*);
template double discriminator_half_loss(const GanObjective&, const Mat<double>&, bool, Mat<double>*);
template <typename T>
T softmax_cross_entropy(const Mat<T>& logits, const int* labels, Mat<T>* grad) {
  const Eigen::Index K = logits.rows(), B = logits.cols();
  if (grad) grad->resize(K, B);
  double sum = 0;
  for (Eigen::Index j = 0; j < B; ++j) {
    const int label = labels[j];
    if (label < 0 || label >= K)
      throw std::invalid_argument("softmax_cross_entropy: label " + std::to_string(label) +
                                  " outside [0, " + std::to_string(K) + ")");
    const T top = logits.col(j).maxCoeff();
    const T norm = (logits.col(j).array() - top).exp().sum();
    sum += double(std::log(norm) + top - logits(label, j));
    if (grad) {
      grad->col(j) = (logits.col(j).array() - top).exp() / (norm * T(B));
      (*grad)(label, j) -= T(1) / T(B);
    }
  }
  return T(sum / double(B));
}

template float generator_loss(const GanObjective&, const Mat<float>&, Mat<float>*);
template double generator_loss(const GanObjective&, const Mat<double>&, Mat<double>*);
template float softmax_cross_entropy(const Mat<float>&, const int*, Mat<float>*);
template double softmax_cross_entropy(const Mat<double>&, const int*, Mat<double>*);

}  // namespace ganscope::nn
