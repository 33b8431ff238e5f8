// GAN losses on D's raw outputs s, for any objective of the registry (gan_objective.h), and
// the cross-entropies beside them, in numerically stable form.
//
// Binary cross-entropy with logits: bce(s, t) = softplus(s) - t s, where
// softplus(s) = log(1 + e^s) = max(s, 0) + log1p(e^-|s|) never overflows.
// Its derivative is d bce / ds = sigmoid(s) - t.
#pragma once

#include <cmath>

#include "nn/gan_objective.h"
#include "nn/tensor.h"

namespace ganscope::nn {

template <typename T>
T softplus(T s);

template <typename T>
inline T sigmoid(T s) {
  return T(1) / (T(1) + std::exp(-s));
}

// Mean BCE of every logit against one target; grad (same shape) = (sigmoid(s) - t) / N.
template <typename T>
T bce_with_logits(const Mat<T>& logits, T target, Mat<T>* grad);

// D's loss on one batch of outputs (1, n_real + n_fake), the real ones first, then the fakes:
// L_D = w (mean_real d_real(s) + mean_fake d_fake(s)) with the objective's terms and weight w
// (for BCE: (mean_real bce(s, 1) + mean_fake bce(s, 0)) / 2, so log 2 when D cannot tell).
template <typename T>
T discriminator_loss(const GanObjective& o, const Mat<T>& s, int n_real, Mat<T>* grad);

// One half of that loss, for D passes on the real and the fake batch apart: over a (1, n) row,
// w mean(term(s)), grad = (w / n) term'(s).
// discriminator_loss(s of [real | fake]) = half(real, true) + half(fake, false).
template <typename T>
T discriminator_half_loss(const GanObjective& o, const Mat<T>& s, bool real, Mat<T>* grad);

// G's loss on D's outputs for the fakes (1, B): mean g_fake(s), grad = g_fake'(s) / B.
template <typename T>
T generator_loss(const GanObjective& o, const Mat<T>& fake_s, Mat<T>* grad);

// Multi-class cross-entropy on logits (K, B) against labels in [0, K), for the classifier
// behind the Frechet distance: mean over the batch of logsumexp(s) - s_label, computed with
// the column's max subtracted so that no exp overflows. grad = (softmax(s) - onehot) / B.
template <typename T>
T softmax_cross_entropy(const Mat<T>& logits, const int* labels, Mat<T>* grad);

}  // namespace ganscope::nn
