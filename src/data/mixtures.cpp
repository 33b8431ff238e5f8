// Built-in 2D distributions: parameters, checks, centres and samplers (see mixtures.h).
#include "data/mixtures.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ganscope::data {

namespace {

[[noreturn]] void refuse(MixtureKind kind, const char* what, const char* rule, double got) {
  std::ostringstream s;
  s << kind_name(kind) << ": " << what << " must be " << rule << " (got " << got << ")";
  throw std::invalid_argument(s.str());
}

// A length or std: finite and in (0, kMaxMixtureScale].
void check_positive(MixtureKind kind, const char* what, float v) {
  if (!(v > 0.0f && v <= kMaxMixtureScale)) refuse(kind, what, "in (0, 1000]", v);
}

// A noise std: 0 (a clean curve) is allowed.
void check_noise(MixtureKind kind, const char* what, float v) {
  if (!(v >= 0.0f && v <= kMaxMixtureScale)) refuse(kind, what, "in [0, 1000]", v);
}

void check_count(MixtureKind kind, const char* what, int v, int hi) {
  if (v < 1 || v > hi) {
    const std::string rule = "between 1 and " + std::to_string(hi);
    refuse(kind, what, rule.c_str(), v);
  }
}

// Evenly on a circle, the first at angle 0. The expression is the one dataset.cpp's ring8
// has always used, so a ring made here gives the same floats as before.
std::vector<float> ring_centres(int modes, float radius) {
  std::vector<float> c(2 * std::size_t(modes));
  for (int k = 0; k < modes; ++k) {
    double a = 2.0 * M_PI * k / modes;
    c[2 * k] = float(radius * std::cos(a));
    c[2 * k + 1] = float(radius * std::sin(a));
  }
  return c;
}

// side x side centres, (i - (side - 1) / 2) * spacing on each axis: symmetric about 0.
std::vector<float> grid_centres(int side, float spacing) {
  std::vector<float> c;
  c.reserve(2 * std::size_t(side) * side);
  for (int i = 0; i < side; ++i)
    for (int j = 0; j < side; ++j) {
      c.push_back(float((i - 0.5 * (side - 1)) * spacing));
      c.push_back(float((j - 0.5 * (side - 1)) * spacing));
    }
  return c;
}

// Dart throwing: a candidate uniform in [-B, B]^2 is kept when it lies at least `sep` from
// every centre kept so far. sep = max(2, 12 std) keeps two clusters' 3-std discs 6 std apart,
// so a sample within 3 std of its own centre is always nearest to that centre. With
// B = sep * sqrt(k) the k discs of diameter sep cover pi/16 of the square, far below the
// density (about 0.55) at which random placement jams: a few tries per cluster suffice.
std::vector<float> cluster_centres(int k, float std, std::uint64_t seed) {
  const double sep = std::max(2.0, 12.0 * std);
  const double half = sep * std::sqrt(double(k));
  nn::Rng rng(seed);
  std::vector<float> c;
  c.reserve(2 * std::size_t(k));
  for (long tries = 0; int(c.size() / 2) < k; ++tries) {
    if (tries > 1000L * k + 1000) throw std::runtime_error("clusters: could not place centres");
    const float x = float(half * (2.0 * rng.uniform() - 1.0));
    const float y = float(half * (2.0 * rng.uniform() - 1.0));
    bool clear = true;
    for (std::size_t i = 0; clear && i < c.size(); i += 2)
      clear = std::hypot(double(x) - c[i], double(y) - c[i + 1]) >= sep;
    if (clear) {
      c.push_back(x);
      c.push_back(y);
    }
  }
  return c;
}

// "ring", "ring8" -> true with *count = 8 (or the default); "ringx" -> false. A number too
// long to be sane is reported as such rather than overflowing.
bool split_count(const std::string& name, const std::string& prefix, int fallback, int* count) {
  if (name.compare(0, prefix.size(), prefix) != 0) return false;
  const std::string digits = name.substr(prefix.size());
  if (digits.empty()) {
    *count = fallback;
    return true;
  }
  if (digits.find_first_not_of("0123456789") != std::string::npos) return false;
  *count = digits.size() > 9 ? -1 : std::stoi(digits);  // -1: refused by the range check
  return true;
}

}  // namespace

const char* kind_name(MixtureKind kind) {
  switch (kind) {
    case MixtureKind::kRing:
      return "ring";
    case MixtureKind::kGrid:
      return "grid";
    case MixtureKind::kClusters:
      return "clusters";
    case MixtureKind::kSpiral:
      return "spiral";
    case MixtureKind::kMoons:
      return "moons";
    case MixtureKind::kLine:
      return "line";
  }
  return "?";
}

std::vector<std::string> mixture_names() {
  return {"ring8", "grid25", "clusters5", "spiral", "moons", "line"};
}

bool parse_mixture_params(const std::string& name, MixtureParams* out) {
  MixtureParams p;  // every field at its default; std and noise set per kind below
  int count = 0;
  if (split_count(name, "ring", 8, &count)) {
    p.kind = MixtureKind::kRing;
    check_count(p.kind, "the number of modes", count, kMaxMixtureModes);
    p.modes = count;
    p.radius = 2.0f;
    p.std = 0.02f;
  } else if (split_count(name, "grid", 25, &count)) {
    p.kind = MixtureKind::kGrid;
    check_count(p.kind, "the number of modes", count, kMaxMixtureModes);
    const int side = int(std::lround(std::sqrt(double(count))));
    if (side * side != count)
      refuse(p.kind, "the number of modes", "a square (4, 9, 25...)", count);
    p.side = side;
    p.spacing = 2.0f;
    p.std = 0.05f;
  } else if (split_count(name, "clusters", 5, &count)) {
    p.kind = MixtureKind::kClusters;
    check_count(p.kind, "the number of clusters", count, kMaxClusters);
    p.modes = count;
    p.std = 0.05f;
    p.layout_seed = 1;
  } else if (name == "spiral") {
    p.kind = MixtureKind::kSpiral;
    p.turns = 2.0f;
    p.radius = 2.0f;
    p.noise = 0.05f;
  } else if (name == "moons") {
    p.kind = MixtureKind::kMoons;
    p.noise = 0.05f;
  } else if (name == "line") {
    p.kind = MixtureKind::kLine;
    p.length = 4.0f;
    p.noise = 0.05f;
  } else {
    return false;
  }
  *out = p;
  return true;
}

Mixture2D make_mixture(const MixtureParams& p) {
  Mixture2D m;
  m.params = p;
  switch (p.kind) {
    case MixtureKind::kRing:
      check_count(p.kind, "the number of modes", p.modes, kMaxMixtureModes);
      check_positive(p.kind, "radius", p.radius);
      check_positive(p.kind, "std", p.std);
      m.name = "ring" + std::to_string(p.modes);
      m.centres = ring_centres(p.modes, p.radius);
      m.std = p.std;
      break;
    case MixtureKind::kGrid:
      check_count(p.kind, "side", p.side, 100);
      check_positive(p.kind, "spacing", p.spacing);
      check_positive(p.kind, "std", p.std);
      m.name = "grid" + std::to_string(p.side * p.side);
      m.centres = grid_centres(p.side, p.spacing);
      m.std = p.std;
      break;
    case MixtureKind::kClusters:
      check_count(p.kind, "the number of clusters", p.modes, kMaxClusters);
      check_positive(p.kind, "std", p.std);
      m.name = "clusters" + std::to_string(p.modes);
      m.centres = cluster_centres(p.modes, p.std, p.layout_seed);
      m.std = p.std;
      break;
    case MixtureKind::kSpiral:
      check_positive(p.kind, "turns", p.turns);
      check_positive(p.kind, "radius", p.radius);
      check_noise(p.kind, "noise", p.noise);
      m.name = "spiral";
      break;
    case MixtureKind::kMoons:
      check_noise(p.kind, "noise", p.noise);
      m.name = "moons";
      break;
    case MixtureKind::kLine:
      check_positive(p.kind, "length", p.length);
      check_noise(p.kind, "noise", p.noise);
      m.name = "line";
      break;
    default:
      throw std::invalid_argument("mixture: unknown kind " + std::to_string(int(p.kind)));
  }
  return m;
}

bool parse_mixture(const std::string& name, Mixture2D* out) {
  MixtureParams p;
  if (!parse_mixture_params(name, &p)) return false;
  *out = make_mixture(p);
  return true;
}

bool has_modes(const Mixture2D& m) {
  return m.params.kind == MixtureKind::kRing || m.params.kind == MixtureKind::kGrid ||
         m.params.kind == MixtureKind::kClusters;
}

std::string describe(const Mixture2D& m) {
  const MixtureParams& p = m.params;
  std::ostringstream d;
  switch (p.kind) {
    case MixtureKind::kRing:
      d << "ring of " << p.modes << " Gaussians (radius " << p.radius << ", std " << p.std << ")";
      break;
    case MixtureKind::kGrid:
      d << p.side << "x" << p.side << " grid of Gaussians (spacing " << p.spacing << ", std "
        << p.std << ")";
      break;
    case MixtureKind::kClusters:
      d << p.modes << " separated Gaussian clusters (std " << p.std << ", layout seed "
        << p.layout_seed << ")";
      break;
    case MixtureKind::kSpiral:
      d << "spiral of " << p.turns << " turns (radius " << p.radius << ", noise " << p.noise << ")";
      break;
    case MixtureKind::kMoons:
      d << "two moons (noise " << p.noise << ")";
      break;
    case MixtureKind::kLine:
      d << "line of length " << p.length << " (noise " << p.noise << ")";
      break;
  }
  return d.str();
}

std::vector<float> sample_mixture(const Mixture2D& m, int n, nn::Rng& rng) {
  if (n < 0 || n > kMaxMixtureSamples)
    throw std::invalid_argument("sample_mixture: n must be between 0 and " +
                                std::to_string(kMaxMixtureSamples) + " (got " + std::to_string(n) +
                                ")");
  const bool modes = has_modes(m);
  if (modes && (m.centres.empty() || m.centres.size() % 2 != 0))
    throw std::invalid_argument("sample_mixture: " + m.name + " has no centres");
  const MixtureParams& p = m.params;
  std::vector<float> xy(2 * std::size_t(n));
  for (int i = 0; i < n; ++i) {
    float* pt = &xy[2 * std::size_t(i)];
    if (modes) {
      const std::size_t k = std::size_t(rng.below(m.centres.size() / 2));
      pt[0] = m.centres[2 * k] + m.std * rng.normal();
      pt[1] = m.centres[2 * k + 1] + m.std * rng.normal();
    } else if (p.kind == MixtureKind::kSpiral) {
      // r = radius t, angle = 2 pi turns t. t = sqrt(u) rather than u because the arc length
      // of an Archimedean spiral grows about as t^2: points spread roughly evenly along it.
      const double t = std::sqrt(double(rng.uniform()));
      const double a = 2.0 * M_PI * p.turns * t;
      pt[0] = float(p.radius * t * std::cos(a)) + p.noise * rng.normal();
      pt[1] = float(p.radius * t * std::sin(a)) + p.noise * rng.normal();
    } else if (p.kind == MixtureKind::kMoons) {
      // scikit-learn's make_moons: the upper unit half-circle about (0, 0) and the lower one
      // about (1, 0.5); their mean (0.5, 0.25) is subtracted so the data is centred on 0.
      const bool inner = rng.below(2) == 1;
      const double t = M_PI * rng.uniform();
      const double x = inner ? 0.5 - std::cos(t) : std::cos(t) - 0.5;
      const double y = inner ? 0.25 - std::sin(t) : std::sin(t) - 0.25;
      pt[0] = float(x) + p.noise * rng.normal();
      pt[1] = float(y) + p.noise * rng.normal();
    } else {  // line: x uniform on [-length/2, length/2), y = 0, plus noise
      pt[0] = float(p.length * (double(rng.uniform()) - 0.5)) + p.noise * rng.normal();
      pt[1] = p.noise * rng.normal();
    }
  }
  return xy;
}

}  // namespace ganscope::data
