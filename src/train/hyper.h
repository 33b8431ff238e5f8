// Hyperparameters that change live while training runs (the "Controls" of docs/design.md).
#pragma once

#include <string>
#include <vector>

namespace ganscope::train {

// Generator loss. NonSaturating: -log D(G(z)) (strong gradients when D wins);
// Minimax: log(1 - D(G(z))), the original game, whose gradient vanishes when D is confident.
enum class GenLoss { NonSaturating, Minimax };

const char* to_string(GenLoss loss);
// Parses "non-saturating" / "minimax"; throws std::invalid_argument otherwise.
GenLoss gen_loss_from_string(const std::string& name);

struct Hyper {
  float lr_d = 2e-4f;
  float lr_g = 2e-4f;
  float beta1 = 0.5f;
  float beta2 = 0.999f;
  int d_steps = 1;  // D updates per G update
  GenLoss g_loss = GenLoss::NonSaturating;

  bool operator==(const Hyper& o) const;
  bool operator!=(const Hyper& o) const { return !(*this == o); }
};

// Returns an empty string when every value is sane, else one line saying which is not.
std::string validate(const Hyper& h);

// Human-readable differences, one per changed field, e.g. "lr_d 0.0002 -> 0.001".
std::vector<std::string> describe_changes(const Hyper& before, const Hyper& after);

}  // namespace ganscope::train
