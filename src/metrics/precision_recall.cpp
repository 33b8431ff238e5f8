#include "metrics/precision_recall.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace ganscope::metrics {

namespace {

using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic>;
constexpr Eigen::Index kBlock = 256;  // rows of distances held at a time
constexpr double kFar = std::numeric_limits<double>::infinity();  // "no distance"

bool finite_column(const MatD& m, Eigen::Index j) { return m.col(j).allFinite(); }

// Squared distances from the columns a.col(i0 .. i0 + rows) to every column of b, as
// |a|^2 + |b|^2 - 2 a.b (one matrix product), clamped at 0 against rounding; +inf where either
// point is not finite.
void block_distances(const MatD& a, Eigen::Index i0, Eigen::Index rows, const MatD& b,
                     const Eigen::VectorXd& b_norms, MatD& out) {
  out.noalias() = -2.0 * a.middleCols(i0, rows).transpose() * b;
  for (Eigen::Index i = 0; i < rows; ++i) {
    const bool a_finite = finite_column(a, i0 + i);
    const double a_norm = a_finite ? a.col(i0 + i).squaredNorm() : 0.0;
    for (Eigen::Index j = 0; j < b.cols(); ++j) {
      const double d = out(i, j) + a_norm + b_norms(j);
      out(i, j) = a_finite && std::isfinite(b_norms(j)) && std::isfinite(d) ? std::max(d, 0.0) : kFar;
    }
  }
}

Eigen::VectorXd squared_norms(const MatD& m) {
  Eigen::VectorXd n(m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    n(j) = finite_column(m, j) ? m.col(j).squaredNorm() : kFar;
  return n;
}

// Each point's squared distance to its k-th nearest other point of the same set: the radius of
// its ball; -1 (no ball) for a point that is not finite or has fewer than k finite others.
std::vector<double> kth_neighbour_radii(const MatD& x, const Eigen::VectorXd& norms, int k) {
  std::vector<double> radii(std::size_t(x.cols()), -1.0);
  MatD d;
  std::vector<double> nearest(static_cast<std::size_t>(k), kFar);  // the k smallest so far, ascending
  for (Eigen::Index i0 = 0; i0 < x.cols(); i0 += kBlock) {
    const Eigen::Index rows = std::min(kBlock, x.cols() - i0);
    block_distances(x, i0, rows, x, norms, d);
    for (Eigen::Index i = 0; i < rows; ++i) {
      if (!std::isfinite(norms(i0 + i))) continue;
      std::fill(nearest.begin(), nearest.end(), kFar);
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const double v = d(i, j);
        if (v >= nearest.back() || j == i0 + i) continue;  // not its own neighbour
        std::size_t at = nearest.size() - 1;
        for (; at > 0 && nearest[at - 1] > v; --at) nearest[at] = nearest[at - 1];
        nearest[at] = v;
      }
      if (std::isfinite(nearest.back())) radii[std::size_t(i0 + i)] = nearest.back();
    }
  }
  return radii;
}

// The fraction of the columns of q inside at least one ball (centre a column of p, squared
// radius p_radii) of p's manifold.
double inside_share(const MatD& q, const MatD& p, const Eigen::VectorXd& p_norms,
                    const std::vector<double>& p_radii) {
  std::int64_t inside = 0;
  MatD d;
  for (Eigen::Index i0 = 0; i0 < q.cols(); i0 += kBlock) {
    const Eigen::Index rows = std::min(kBlock, q.cols() - i0);
    block_distances(q, i0, rows, p, p_norms, d);
    for (Eigen::Index i = 0; i < rows; ++i)
      for (Eigen::Index j = 0; j < p.cols(); ++j)
        if (d(i, j) <= p_radii[std::size_t(j)]) {
          ++inside;
          break;
        }
  }
  return double(inside) / double(q.cols());
}

}  // namespace

PrecisionRecall precision_recall(const nn::MatF& real, const nn::MatF& fake, int k) {
  if (k < 1) throw std::invalid_argument("precision_recall: k must be at least 1");
  if (real.cols() <= k || fake.cols() <= k)
    throw std::invalid_argument("precision_recall: needs more than k = " + std::to_string(k) +
                                " points on each side (real " + std::to_string(real.cols()) +
                                ", fake " + std::to_string(fake.cols()) + ")");
  if (real.rows() != fake.rows())
    throw std::invalid_argument("precision_recall: real points have " + std::to_string(real.rows()) +
                                " dimensions, fake ones " + std::to_string(fake.rows()));
  const MatD r = real.cast<double>(), f = fake.cast<double>();
  const Eigen::VectorXd r_norms = squared_norms(r), f_norms = squared_norms(f);
  PrecisionRecall out;
  out.precision = inside_share(f, r, r_norms, kth_neighbour_radii(r, r_norms, k));
  out.recall = inside_share(r, f, f_norms, kth_neighbour_radii(f, f_norms, k));
  return out;
}

}  // namespace ganscope::metrics
