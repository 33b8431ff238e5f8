// Built-in 2D distributions for GANs on points: Gaussian mixtures (ring, grid, separated
// clusters), whose modes are known so that mode coverage can be measured against them
// (metrics/mode_coverage.h), and curves (spiral, two moons, line), which have no modes.
//
// A distribution is made in two steps: MixtureParams holds the settable numbers (filled by
// parse_mixture_params from a name like "ring8", then changed by hand or, later, from JSON);
// make_mixture checks them and derives the centres. Sampling takes a seeded nn::Rng, so the
// same seed gives the same points.
//
// Defaults by name (ring8 is the ring of Metz et al. 2017, Unrolled GANs; grid25 the usual
// 5 x 5 grid of the mode-collapse literature):
//   ringK      K Gaussians evenly on a circle of radius 2, std 0.02 ("ring" = "ring8")
//   gridN      N = s*s Gaussians on an s x s grid, spacing 2, centred on 0, std 0.05
//              ("grid" = "grid25": centres at -4, -2, 0, 2, 4 on each axis)
//   clustersK  K Gaussians at pseudo-random places drawn from a layout seed (default 1),
//              at least max(2, 12 std) apart, inside [-B, B]^2 with B = that distance times
//              sqrt(K); std 0.05 ("clusters" = "clusters5")
//   spiral     2 turns out to radius 2, noise 0.05
//   moons      two interleaved unit half-circles (as scikit-learn's make_moons), centred on
//              their mean, noise 0.05
//   line       horizontal segment of length 4 centred on 0, noise 0.05
// "std" and "noise" are per-axis standard deviations of added Gaussian noise.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nn/rng.h"

namespace ganscope::data {

enum class MixtureKind { kRing, kGrid, kClusters, kSpiral, kMoons, kLine };

// Limits on parameters; anything beyond them is refused as absurd (std::invalid_argument).
constexpr int kMaxMixtureModes = 10000;      // ring; a grid's side is <= 100
constexpr int kMaxClusters = 1000;           // placing K clusters costs O(K^2) distance checks
constexpr float kMaxMixtureScale = 1000.0f;  // radius, spacing, length, std, noise, turns
constexpr int kMaxMixtureSamples = 1000000;  // points per sample_mixture call

// The settable parameters. Only the fields that `kind` uses are read (listed per field).
struct MixtureParams {
  MixtureKind kind = MixtureKind::kRing;
  int modes = 8;                  // ring, clusters: number of Gaussians
  int side = 5;                   // grid: side x side Gaussians
  float radius = 2.0f;            // ring: circle radius; spiral: radius at the outer end
  float spacing = 2.0f;           // grid: distance between neighbouring centres
  float std = 0.02f;              // ring, grid, clusters: std of every Gaussian, > 0
  float turns = 2.0f;             // spiral: number of turns, > 0
  float length = 4.0f;            // line
  float noise = 0.05f;            // spiral, moons, line: std of the added noise, >= 0
  std::uint64_t layout_seed = 1;  // clusters: decides where the centres go
};

// A checked distribution, ready to sample. For the Gaussian-mixture kinds, `centres` and
// `std` are exactly what sample_mixture draws from (and what the mode metrics need); for
// curves both are empty / 0.
struct Mixture2D {
  std::string name;            // "ring8", "grid25", "clusters5", "spiral", "moons", "line"
  MixtureParams params;        // as given to make_mixture
  std::vector<float> centres;  // x0, y0, x1, y1, ...
  float std = 0.0f;
};

// The default name of each kind, e.g. for a --help listing.
std::vector<std::string> mixture_names();
const char* kind_name(MixtureKind kind);  // "ring", "grid", ...

// Fills *out with the default parameters for `name` and returns true; returns false when
// `name` is not a mixture name at all (so a caller can try it as a path). A mixture name with
// an impossible count ("ring0", "grid24", "clusters99999") throws std::invalid_argument.
bool parse_mixture_params(const std::string& name, MixtureParams* out);

// Checks the parameters and derives the centres. Throws std::invalid_argument with one line
// naming the kind and the parameter: "ring: std must be in (0, 1000] (got -0.1)".
Mixture2D make_mixture(const MixtureParams& params);

// parse_mixture_params then make_mixture.
bool parse_mixture(const std::string& name, Mixture2D* out);

// True for the Gaussian-mixture kinds (ring, grid, clusters), whose modes can be counted.
bool has_modes(const Mixture2D& m);

// One line for the UI: "ring of 8 Gaussians (radius 2, std 0.02)".
std::string describe(const Mixture2D& m);

// n points as x0, y0, x1, y1, ...; 0 <= n <= kMaxMixtureSamples, else std::invalid_argument.
// A mixture picks a mode uniformly (rng.below), then adds std * N(0, 1) to x, then to y.
// (In that order, so ring8 gives the same floats as open_dataset("ring8") always has.)
std::vector<float> sample_mixture(const Mixture2D& m, int n, nn::Rng& rng);

}  // namespace ganscope::data
