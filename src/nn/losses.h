// GAN losses on D's logits s (D(x) = sigmoid(s)), in numerically stable form.
//
// Binary cross-entropy with logits: bce(s, t) = softplus(s) - t s, where
// softplus(s) = log(1 + e^s) = max(s, 0) + log1p(e^-|s|) never overflows.
// Its derivative is d bce / ds = sigmoid(s) - t.
#pragma once

#include "nn/loss_kind.h"
#include "nn/tensor.h"

namespace ganscope::nn {

template <typename T>
T softplus(T s);

// Mean BCE of every logit against one target; grad (same shape) = (sigmoid(s) - t) / N.
template <typename T>
T bce_with_logits(const Mat<T>& logits, T target, Mat<T>* grad);

// D's loss on one batch of logits (1, n_real + n_fake): the real ones first, then the fakes.
// L_D = (mean_real bce(s, 1) + mean_fake bce(s, 0)) / 2, so log 2 when D cannot tell.
template <typename T>
T discriminator_loss(const Mat<T>& logits, int n_real, Mat<T>* grad);

// One half of that loss, for D passes on the real and the fake batch apart:
// 0.5 mean(softplus(s) - target s) over a (1, n) row, grad = 0.5 (sigmoid(s) - target) / n.
// discriminator_loss(logits of [real | fake]) = half(real, 1) + half(fake, 0).
template <typename T>
T discriminator_half_loss(const Mat<T>& logits, T target, Mat<T>* grad);

// G's loss on D's logits for the fakes (1, B).
//   NonSaturating: mean softplus(-s),  d/ds = (sigmoid(s) - 1) / B
//   Minimax:       mean -softplus(s),  d/ds = -sigmoid(s) / B   (= mean log(1 - D(G(z))))
template <typename T>
T generator_loss(const Mat<T>& fake_logits, GeneratorLoss kind, Mat<T>* grad);

// Multi-class cross-entropy on logits (K, B) against labels in [0, K), for the classifier
// behind the Frechet distance: mean over the batch of logsumexp(s) - s_label, computed with
// the column's max subtracted so that no exp overflows. grad = (softmax(s) - onehot) / B.
template <typename T>
T softmax_cross_entropy(const Mat<T>& logits, const int* labels, Mat<T>* grad);

}  // namespace ganscope::nn
