// The rules of the game: every GAN objective ganscope plays, one entry each in one registry
// (gan_objective.cpp). Config, CLI, the window's menu, the trainer and metrics.csv all read
// this table, so adding an objective is one entry there plus its tests.
//
// Every objective here is a per-sample function of D's raw output s (one number per sample,
// before any sigmoid):
//   L_D = d_weight * (mean over the real batch of d_real(s) + mean over the fake batch of d_fake(s))
//   L_G = mean over the fake batch of g_fake(s)
// Each term returns its value and writes its derivative d/ds, so the batched losses in
// losses.h are one loop for all of them. Free of Eigen, so that the UI can list and show them.
#pragma once

#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

namespace ganscope::nn {

// How D's raw output is shown to people: as the probability sigmoid(s) that a sample is real
// (s is a logit: the BCE games), or as the raw score itself (a critic: Wasserstein, hinge,
// least squares, whose D is not a classifier).
enum class OutputDisplay { Probability, RawValue };

template <typename T>
struct ObjectiveTerms {
  T (*d_real)(T s, T* ds);  // D's term on one real sample, and its derivative
  T (*d_fake)(T s, T* ds);  // D's term on one fake sample
  T (*g_fake)(T s, T* ds);  // G's term on one fake sample
};

struct GanObjective {
  const char* name;     // as config, --set and the menu spell it: "hinge"
  const char* summary;  // one line for the menu's tooltip
  double d_weight;      // see L_D above: 1/2 for the BCE and least-squares games
  OutputDisplay display;
  bool bounded;         // the shown output lies in [0, 1] (the histogram's fixed range)
  // WGAN: D is kept Lipschitz by clipping each of its parameters to [-clip, clip] after
  // every critic update (Hyper::clip), and E[D(x)] - E[D(G(z))] estimates the Wasserstein
  // distance (up to the Lipschitz constant): metrics.csv's wasserstein column.
  bool clips_weights;
  bool wasserstein_estimate;
  // A regulariser the game is played with (train/d_regulariser.h), and the weight it gets
  // when chosen with that weight at 0: WGAN-GP is the critic with a gradient penalty of 10.
  const char* companion = nullptr;
  float companion_weight = 0;
  ObjectiveTerms<float> terms_f{};
  ObjectiveTerms<double> terms_d{};

  template <typename T>
  const ObjectiveTerms<T>& terms() const {
    if constexpr (std::is_same_v<T, float>) return terms_f;
    else return terms_d;
  }
  // What the window and metrics show for a raw output s.
  float shown(float s) const {
    return display == OutputDisplay::Probability ? 1.0f / (1.0f + std::exp(-s)) : s;
  }
};

// Every objective, the default (non-saturating) first; entries never move or go away while
// the program runs, so a pointer to one is a stable handle (train::Hyper keeps one).
const std::vector<GanObjective>& objectives();
const GanObjective& default_objective();
// Null when no objective has that name.
const GanObjective* find_objective(const std::string& name);
// "non-saturating, minimax, ...", for error messages.
std::string objective_names();

}  // namespace ganscope::nn
