#include "nn/gan_objective.h"

#include "nn/losses.h"  // softplus, sigmoid

namespace ganscope::nn {

namespace {

// Binary cross-entropy on the logit s: bce(s, t) = softplus(s) - t s, d/ds = sigmoid(s) - t
// (losses.h). D wants real -> 1, fake -> 0; the two G losses differ only in what G pushes on.
struct Bce {
  template <typename T>
  static T d_real(T s, T* ds) {
    *ds = sigmoid(s) - T(1);
    return softplus(s) - s;
  }
  template <typename T>
  static T d_fake(T s, T* ds) {
    *ds = sigmoid(s);
    return softplus(s);
  }
};

// -log D(G(z)) = softplus(-s): strong gradients while D rejects the fakes.
struct NonSaturating : Bce {
  template <typename T>
  static T g_fake(T s, T* ds) {
    *ds = sigmoid(s) - T(1);
    return softplus(-s);
  }
};

// log(1 - D(G(z))) = -softplus(s): the original game; d/ds = -sigmoid(s) vanishes as s -> -inf.
struct Minimax : Bce {
  template <typename T>
  static T g_fake(T s, T* ds) {
    *ds = -sigmoid(s);
    return -softplus(s);
  }
};

// LSGAN (Mao et al. 2017), targets a = 0 (fake), b = 1 (real), c = 1 (what G wants):
// L_D = 1/2 E[(D(x) - 1)^2] + 1/2 E[D(G(z))^2] (the 1/2 is d_weight), L_G = 1/2 E[(D(G(z)) - 1)^2].
struct LeastSquares {
  template <typename T>
  static T d_real(T s, T* ds) {
    *ds = T(2) * (s - T(1));
    return (s - T(1)) * (s - T(1));
  }
  template <typename T>
  static T d_fake(T s, T* ds) {
    *ds = T(2) * s;
    return s * s;
  }
  template <typename T>
  static T g_fake(T s, T* ds) {
    *ds = s - T(1);
    return T(0.5) * (s - T(1)) * (s - T(1));
  }
};

// Hinge (Lim & Ye 2017; Miyato et al. 2018): L_D = E[relu(1 - D(x))] + E[relu(1 + D(G(z)))],
// L_G = -E[D(G(z))]. At the kink the derivative is 0, as PyTorch's relu takes it.
struct Hinge {
  template <typename T>
  static T d_real(T s, T* ds) {
    *ds = s < T(1) ? T(-1) : T(0);
    return std::max(T(1) - s, T(0));
  }
  template <typename T>
  static T d_fake(T s, T* ds) {
    *ds = s > T(-1) ? T(1) : T(0);
    return std::max(T(1) + s, T(0));
  }
  template <typename T>
  static T g_fake(T s, T* ds) {
    *ds = T(-1);
    return -s;
  }
};

// WGAN (Arjovsky et al. 2017): the critic minimises E[D(G(z))] - E[D(x)], G minimises -E[D(G(z))].
struct Wasserstein {
  template <typename T>
  static T d_real(T s, T* ds) {
    *ds = T(-1);
    return -s;
  }
  template <typename T>
  static T d_fake(T s, T* ds) {
    *ds = T(1);
    return s;
  }
  template <typename T>
  static T g_fake(T s, T* ds) {
    *ds = T(-1);
    return -s;
  }
};

template <typename Game, typename T>
ObjectiveTerms<T> terms_of() {
  return {&Game::template d_real<T>, &Game::template d_fake<T>, &Game::template g_fake<T>};
}

struct Traits {
  double d_weight;
  OutputDisplay display;
  bool bounded, clips_weights, wasserstein_estimate;
  const char* companion = nullptr;
  float companion_weight = 0;
};

template <typename Game>
GanObjective entry(const char* name, const char* summary, Traits t) {
  GanObjective o{name, summary, t.d_weight, t.display, t.bounded, t.clips_weights,
                 t.wasserstein_estimate};
  o.companion = t.companion;
  o.companion_weight = t.companion_weight;
  o.terms_f = terms_of<Game, float>();
  o.terms_d = terms_of<Game, double>();
  return o;
}

constexpr Traits kBce{0.5, OutputDisplay::Probability, true, false, false};
constexpr Traits kScore{1.0, OutputDisplay::RawValue, false, false, false};

}  // namespace

const std::vector<GanObjective>& objectives() {
  static const std::vector<GanObjective> all = {
      entry<NonSaturating>("non-saturating",
                           "BCE; G minimises -log D(G(z)): strong gradients while D wins (the usual choice)",
                           kBce),
      entry<Minimax>("minimax",
                     "BCE; G minimises log(1 - D(G(z))), the original game: its gradient vanishes when D is sure",
                     kBce),
      entry<LeastSquares>("lsgan",
                          "Least squares: D regresses real to 1 and fake to 0, G pulls D(G(z)) to 1; "
                          "D shows raw scores",
                          {0.5, OutputDisplay::RawValue, false, false, false}),
      entry<Hinge>("hinge",
                   "Hinge: D wants real above 1 and fake below -1, G raises D(G(z)); D is a critic "
                   "(raw scores)",
                   kScore),
      entry<Wasserstein>("wgan",
                         "Wasserstein critic with its weights clipped to [-clip, clip]; E[D(x)] - "
                         "E[D(G(z))] estimates the distance",
                         {1.0, OutputDisplay::RawValue, false, true, true}),
      // Gulrajani et al. 2017: the critic kept near 1-Lipschitz by penalising its input
      // gradient (the "gp" regulariser, lambda 10) instead of clipping its weights.
      entry<Wasserstein>("wgan-gp",
                         "Wasserstein critic kept 1-Lipschitz by a gradient penalty (gp, lambda 10) "
                         "instead of clipping; E[D(x)] - E[D(G(z))] estimates the distance",
                         {1.0, OutputDisplay::RawValue, false, false, true, "gp", 10.0f}),
  };
  return all;
}

const GanObjective& default_objective() { return objectives().front(); }

const GanObjective* find_objective(const std::string& name) {
  for (const auto& o : objectives())
    if (name == o.name) return &o;
  return nullptr;
}

std::string objective_names() {
  std::string s;
  for (const auto& o : objectives()) s += (s.empty() ? "" : ", ") + std::string(o.name);
  return s;
}

}  // namespace ganscope::nn
