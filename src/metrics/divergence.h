// Divergences between discrete distributions, in nats (natural log). Used on mode histograms
// (mode_coverage.h) and on 2D histograms of real and generated points (histogram_2d.h).
//
// Convention: 0 log 0 = 0, so bins where the first distribution is 0 contribute nothing.
#pragma once

#include <cstdint>
#include <vector>

namespace ganscope::metrics {

// KL(p || uniform over K = counts.size() modes) = sum_i p_i log(p_i K), p_i = counts_i / total.
// 0 when every mode has the same count, log K when all samples sit on one mode, never more.
// Each term is computed as log(counts_i * K / total) so that equal counts give exactly 0 and a
// single mode exactly log K.
//
// No samples at all (total 0) returns +infinity. p does not exist then, so any value is a
// convention; +inf is the one that orders correctly: the metric is "lower is better", every
// real outcome is <= log K, and "no sample near any mode" is worse than collapsing onto one.
// A NaN instead would compare false with everything, so sorting runs or picking the best one
// by this number would silently go wrong (std::sort on NaN is even undefined behaviour).
// Throws std::invalid_argument for no modes or a negative count.
double reverse_kl_to_uniform(const std::vector<std::int64_t>& counts);

// KL(p || q) = sum_i p_i log(p_i / q_i) for p, q of the same size, each summing to 1 (checked to
// 1e-6; throws std::invalid_argument otherwise, or for a negative or non-finite entry).
//
// Where q_i = 0 < p_i the divergence is infinite. With epsilon = 0 that is what is returned
// (+inf), exactly. With epsilon > 0 both distributions are first smoothed additively,
// p'_i = (p_i + epsilon) / (1 + n epsilon) (and the same for q), which keeps each summing to 1,
// keeps KL(p || p) = 0 and bounds the result by log(1 + 1 / epsilon) (p'_i <= (1 + epsilon) /
// (1 + n epsilon), q'_i >= epsilon / (1 + n epsilon)). On histograms of a few
// thousand samples over thousands of bins some bin nearly always has real samples and no
// generated ones, so the exact KL is +inf for almost every run and useless as a curve: the
// histogram functions therefore default to a small epsilon (kDefaultKlEpsilon).
double kl_divergence(const std::vector<double>& p, const std::vector<double>& q,
                     double epsilon = 0.0);

// JS(p, q) = 0.5 KL(p || m) + 0.5 KL(q || m), m = (p + q) / 2. Never infinite (m_i >= p_i / 2),
// symmetric, 0 iff p = q, log 2 iff the supports are disjoint. No smoothing.
double js_divergence(const std::vector<double>& p, const std::vector<double>& q);

// Probability added to every bin before a smoothed KL (see kl_divergence). With 2,500 samples
// one sample is 4e-4 of the mass, so 1e-6 is far below a single sample.
constexpr double kDefaultKlEpsilon = 1e-6;

}  // namespace ganscope::metrics
