// KL and JS divergences between discrete distributions (see divergence.h).
#include "metrics/divergence.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace ganscope::metrics {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

void check_distribution(const std::vector<double>& p, const char* what) {
  double sum = 0.0;
  for (double v : p) {
    if (!(v >= 0.0 && std::isfinite(v)))
      throw std::invalid_argument(std::string(what) + ": an entry is negative or not finite");
    sum += v;
  }
  if (std::abs(sum - 1.0) > 1e-6)
    throw std::invalid_argument(std::string(what) + ": entries sum to " + std::to_string(sum) +
                                ", not 1");
}

void check_pair(const std::vector<double>& p, const std::vector<double>& q, const char* what) {
  if (p.empty() || p.size() != q.size())
    throw std::invalid_argument(std::string(what) + ": distributions of sizes " +
                                std::to_string(p.size()) + " and " + std::to_string(q.size()));
  check_distribution(p, what);
  check_distribution(q, what);
}

}  // namespace

double reverse_kl_to_uniform(const std::vector<std::int64_t>& counts) {
  if (counts.empty()) throw std::invalid_argument("reverse KL: no modes");
  std::int64_t total = 0;
  for (std::int64_t c : counts) {
    if (c < 0) throw std::invalid_argument("reverse KL: a negative count");
    total += c;
  }
  if (total == 0) return kInf;
  const double k = double(counts.size());
  double kl = 0.0;
  for (std::int64_t c : counts)
    if (c > 0) kl += double(c) / double(total) * std::log(double(c) * k / double(total));
  return std::max(kl, 0.0);  // >= 0 in exact arithmetic; rounding may leave -1e-17
}

double kl_divergence(const std::vector<double>& p, const std::vector<double>& q, double epsilon) {
  check_pair(p, q, "KL divergence");
  if (!(epsilon >= 0.0 && epsilon < 1.0))
    throw std::invalid_argument("KL divergence: epsilon must be in [0, 1) (got " +
                                std::to_string(epsilon) + ")");
  const double norm = 1.0 + double(p.size()) * epsilon;
  double kl = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double pi = (p[i] + epsilon) / norm, qi = (q[i] + epsilon) / norm;
    if (pi == 0.0) continue;  // 0 log 0 = 0
    if (qi == 0.0) return kInf;
    kl += pi * std::log(pi / qi);
  }
  return std::max(kl, 0.0);
}

double js_divergence(const std::vector<double>& p, const std::vector<double>& q) {
  check_pair(p, q, "JS divergence");
  double sum = 0.0;  // KL(p || m) + KL(q || m)
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double m = 0.5 * (p[i] + q[i]);
    if (p[i] > 0.0) sum += p[i] * std::log(p[i] / m);
    if (q[i] > 0.0) sum += q[i] * std::log(q[i] / m);
  }
  // In exact arithmetic 0 <= JS <= log 2; clamp the last-bit rounding either way.
  return std::clamp(0.5 * sum, 0.0, std::log(2.0));
}

}  // namespace ganscope::metrics
