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
constexpr Eigen::Index kBlock = 256;  // query points whose distances are held at a time
constexpr double kFar = std::numeric_limits<double>::infinity();  // "no distance"

// The finite columns of m, in double (a point with a NaN or infinite coordinate is inside no
// ball and has none), centred on `centre` so that |a|^2 + |b|^2 - 2 a.b loses little to
// cancellation.
MatD finite_points(const nn::MatF& m, const Eigen::VectorXd& centre) {
  MatD out(m.rows(), m.cols());
  Eigen::Index n = 0;
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    if (m.col(j).allFinite()) out.col(n++) = m.col(j).cast<double>() - centre;
  out.conservativeResize(m.rows(), n);
  return out;
}

// Squared distances from every column of p (rows) to the columns q.col(i0 .. i0 + cols) (one
// column per query point, so each query's distances are contiguous), clamped at 0 against
// rounding.
void block_distances(const MatD& p, const Eigen::VectorXd& p_norms, const MatD& q,
                     const Eigen::VectorXd& q_norms, Eigen::Index i0, Eigen::Index cols,
                     MatD& out) {
  out.noalias() = -2.0 * p.transpose() * q.middleCols(i0, cols);
  out.colwise() += p_norms;
  out.rowwise() += q_norms.segment(i0, cols).transpose();
  out = out.cwiseMax(0.0);
}

// Each point's squared distance to its k-th nearest other point of the same set: its ball.
std::vector<double> kth_neighbour_radii(const MatD& x, const Eigen::VectorXd& norms, int k) {
  std::vector<double> radii(std::size_t(x.cols()), kFar);
  MatD d;
  std::vector<double> nearest(static_cast<std::size_t>(k));  // the k smallest so far, ascending
  for (Eigen::Index i0 = 0; i0 < x.cols(); i0 += kBlock) {
    const Eigen::Index cols = std::min(kBlock, x.cols() - i0);
    block_distances(x, norms, x, norms, i0, cols, d);
    for (Eigen::Index i = 0; i < cols; ++i) {
      std::fill(nearest.begin(), nearest.end(), kFar);
      const double* col = d.col(i).data();
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const double v = col[j];
        if (v >= nearest.back() || j == i0 + i) continue;  // not its own neighbour
        std::size_t at = nearest.size() - 1;
        for (; at > 0 && nearest[at - 1] > v; --at) nearest[at] = nearest[at - 1];
        nearest[at] = v;
      }
      radii[std::size_t(i0 + i)] = nearest.back();  // kFar: fewer than k others, no ball
    }
  }
  return radii;
}

// How many columns of q lie inside at least one ball (centre a column of p, squared radius
// p_radii; an infinite radius is no ball).
std::int64_t count_inside(const MatD& q, const MatD& p, const std::vector<double>& p_radii) {
  const Eigen::VectorXd p_norms = p.colwise().squaredNorm().transpose();
  const Eigen::VectorXd q_norms = q.colwise().squaredNorm().transpose();
  std::int64_t inside = 0;
  MatD d;
  for (Eigen::Index i0 = 0; i0 < q.cols(); i0 += kBlock) {
    const Eigen::Index cols = std::min(kBlock, q.cols() - i0);
    block_distances(p, p_norms, q, q_norms, i0, cols, d);
    for (Eigen::Index i = 0; i < cols; ++i) {
      const double* col = d.col(i).data();
      for (Eigen::Index j = 0; j < p.cols(); ++j)
        if (col[j] <= p_radii[std::size_t(j)] && p_radii[std::size_t(j)] < kFar) {
          ++inside;
          break;
        }
    }
  }
  return inside;
}

std::vector<double> radii_of(const MatD& x, int k) {
  return kth_neighbour_radii(x, x.colwise().squaredNorm().transpose(), k);
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
  Eigen::VectorXd centre = Eigen::VectorXd::Zero(real.rows());
  Eigen::Index finite = 0;
  for (Eigen::Index j = 0; j < real.cols(); ++j)
    if (real.col(j).allFinite()) centre += real.col(j).cast<double>(), ++finite;
  if (finite > 0) centre /= double(finite);
  const MatD r = finite_points(real, centre), f = finite_points(fake, centre);
  PrecisionRecall out;
  if (r.cols() == 0 || f.cols() == 0) return out;  // no finite point on one side: 0 and 0
  out.precision = double(count_inside(f, r, radii_of(r, k))) / double(fake.cols());
  out.recall = double(count_inside(r, f, radii_of(f, k))) / double(real.cols());
  return out;
}

}  // namespace ganscope::metrics
