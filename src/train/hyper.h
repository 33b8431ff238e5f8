// Hyperparameters that change live while training runs (the "Controls" of docs/design.md).
#pragma once

#include <string>
#include <vector>

#include "nn/gan_objective.h"  // free of Eigen, like this header
#include "nn/optimizer_kind.h"

namespace ganscope::train {

// The registry's entry named name; throws std::invalid_argument naming it and the known ones.
const nn::GanObjective& objective_from_string(const std::string& name);

struct Hyper {
  // Config key "optimizer". Switching it live starts the new optimizer from zero moments
  // (their shapes and meanings differ), at step 0 of its bias correction.
  nn::OptimizerKind optimizer = nn::OptimizerKind::Adam;
  float lr_d = 2e-4f;
  float lr_g = 2e-4f;
  float beta1 = 0.5f;
  float beta2 = 0.999f;
  float alpha = 0.99f;  // RMSprop's decay of its squared-gradient average (torch's default)
  int d_steps = 1;  // D updates per G update
  // The game D and G play (gan_objective.h): a registry entry, never null.
  const nn::GanObjective* objective = &nn::default_objective();
  float clip = 0.01f;  // WGAN: D's parameters are clipped to [-clip, clip] after each update
  // Weights of D's regularisers (d_regulariser.h), 0 = off.
  float label_smoothing = 0.0f;
  float instance_noise = 0.0f;
  float gp = 0.0f;  // WGAN-GP's lambda
  float r1 = 0.0f;  // R1's gamma
  float class_loss = 0.0f;  // AC-GAN's auxiliary classifier weight (a projection D's class logits)
  int noise_anneal_steps = 10000;  // instance noise falls to 0 over these steps (0: constant)
  // D's variants (train/d_variant.h): changing either builds a new D (fresh weights, Adam's
  // moments reset); G and its optimizer are kept.
  bool spectral_norm = false;  // every Linear and Conv2d of D spectrally normalised
  int packing = 1;             // PacGAN: D judges packs of this many samples (1, 2 or 4)
  // G's weights averaged after each G step, ema = beta ema + (1 - beta) theta
  // (train/generator_ema.h); 0: off.
  float ema_beta = 0.999f;

  bool operator==(const Hyper& o) const;
  bool operator!=(const Hyper& o) const { return !(*this == o); }
};

// h playing game. A game played with a regulariser (wgan-gp: the gradient penalty) brings that
// regulariser's usual weight when it is off (gp 10), so that one change switches both: the
// window's menu, a config file that gives no weight and a lesson's script all go through here.
Hyper with_objective(Hyper h, const nn::GanObjective& game);

// Returns an empty string when every value is sane, else one line saying which is not.
std::string validate(const Hyper& h);
// The same, and that packing divides the batch: "packing 4 must divide the batch 50".
std::string validate(const Hyper& h, int batch);

// Human-readable differences, one per changed field, e.g. "lr_d 0.0002 -> 0.001".
std::vector<std::string> describe_changes(const Hyper& before, const Hyper& after);

}  // namespace ganscope::train
