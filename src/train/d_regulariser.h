// Regularisers of D: terms R added to D's loss, L_D + weight R, while update_d accumulates D's
// gradients; each weight is a live Control (a Hyper field, 0 = off). One entry each in
// d_regularisers(), which config, --set, the window and describe_changes read.
//
// A term reaches D at one of three places:
//   inputs: D sees its inputs with noise of std sigma(weight, step) added, the real and the
//     fake ones, in D's updates and in G's (G's gradient passes through the added noise).
//   real_outputs: R is a function of D's outputs s on the real batch; the hook adds
//     weight dR/ds to the gradient that D's backward pass on the real batch then carries.
//   penalty: R = weight * scale * mean_i (|grad_x D(x_i)| - target)^2 over inputs x_i of its
//     own (train/gradient_penalty.h: passes of their own, with a second derivative), D's
//     gradients accumulating onto the objective's before the optimizer step.
//   class logits: an auxiliary classifier's cross-entropy on D's class logits (a conditional
//     D with "conditioning": "projection" has them), on the real batch's labels in D's update
//     and on the labels G was asked for in G's: G also learns to make its class recognisable.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nn/gan_objective.h"
#include "train/hyper.h"  // free of Eigen, like this header: the window lists these too

namespace ganscope::train {

// Where a gradient penalty looks at D, and how: R = scale * mean_i (|grad_x D(x_i)| - target)^2.
struct PenaltyForm {
  enum class Inputs { Interpolates, Real } inputs;  // x_i: eps x + (1 - eps) G(z), or x
  float target;
  float scale;
};

struct DRegulariser {
  const char* name;     // the config key of its weight: "label_smoothing"
  const char* label;    // the window's short row label: "Smoothing"
  const char* summary;  // one line for the window's tooltip
  float Hyper::*weight;
  float max_weight;     // validate() refuses weights outside [0, max_weight]
  // real_outputs hook: adds weight * dR/ds into ds for the n outputs s of the real batch,
  // returns R; null when the term has no such part. A term may apply to some objectives
  // only (returns 0 and leaves ds alone for the others).
  float (*real_outputs)(const nn::GanObjective& o, const float* s, int n, float weight, float* ds);
  // inputs hook: the std of the noise added to D's inputs at this step; null when none.
  float (*input_noise)(const Hyper& h, float weight, std::int64_t step);
  // penalty: the form of the gradient penalty, null when the term is none.
  const PenaltyForm* penalty = nullptr;
  // The term is a cross-entropy on D's class logits, in D's loss and in G's (the trainer's own).
  bool class_logits = false;
};

const std::vector<DRegulariser>& d_regularisers();
const DRegulariser* find_d_regulariser(const std::string& name);

}  // namespace ganscope::train
