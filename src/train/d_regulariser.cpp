#include "train/d_regulariser.h"

#include <algorithm>

namespace ganscope::train {

namespace {

// One-sided label smoothing (Salimans et al. 2016): D's real target 1 - eps instead of 1, so
// that D is never rewarded for pushing real logits to infinity. For BCE,
// bce(s, 1 - eps) = bce(s, 1) + eps s, so the term is R = w mean_real(s) (w the objective's
// d_weight) with weight eps, and dR/ds = w / B. Only the BCE games have labels to smooth.
float label_smoothing(const nn::GanObjective& o, const float* s, int n, float eps, float* ds) {
  if (o.display != nn::OutputDisplay::Probability) return 0.0f;
  const float w = float(o.d_weight);
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    ds[i] += eps * w / float(n);
    sum += s[i];
  }
  return float(w * sum / n);
}

// Instance noise (Sonderby et al. 2016; Arjovsky & Bottou 2017): real and fake samples
// blurred by the same Gaussian overlap, so D cannot separate them perfectly and G's gradient
// stays informative; the std falls linearly from the weight to 0 over noise_anneal_steps
// (0 keeps it constant), as the real and fake distributions come to overlap by themselves.
float instance_noise(const Hyper& h, float sigma, std::int64_t step) {
  if (h.noise_anneal_steps == 0) return sigma;
  return sigma * float(std::max(0.0, 1.0 - double(step) / double(h.noise_anneal_steps)));
}

// WGAN-GP (Gulrajani et al. 2017): lambda E[(|grad D(x^)| - 1)^2] on x^ = eps x + (1 - eps) G(z),
// eps ~ U(0, 1) per sample: the optimal critic has gradient norm 1 on lines between the two.
constexpr PenaltyForm kGradientPenalty{PenaltyForm::Inputs::Interpolates, 1.0f, 1.0f};
// R1 (Mescheder et al. 2018): gamma/2 E|grad D(x)|^2 on real data: D flat where the data is,
// so that G's and D's updates settle instead of circling the equilibrium.
constexpr PenaltyForm kR1{PenaltyForm::Inputs::Real, 0.0f, 0.5f};

}  // namespace

const std::vector<DRegulariser>& d_regularisers() {
  static const std::vector<DRegulariser> all = {
      {"label_smoothing", "Smoothing",
       "One-sided label smoothing: D's target for real samples is 1 - this (0.1 gives 0.9); BCE games only",
       &Hyper::label_smoothing, 0.5f, &label_smoothing, nullptr},
      {"instance_noise", "Inst. noise",
       "Instance noise: Gaussian noise of this std on every input D sees, real and fake, falling "
       "to 0 over noise_anneal_steps",
       &Hyper::instance_noise, 10.0f, nullptr, &instance_noise},
      {"gp", "Grad. penalty",
       "WGAN-GP's lambda: lambda E[(|grad D(x^)| - 1)^2] on random mixes x^ of real and fake "
       "samples keeps the critic 1-Lipschitz without clipping (10 is usual)",
       &Hyper::gp, 100.0f, nullptr, nullptr, &kGradientPenalty},
      {"r1", "R1 gamma",
       "R1: gamma/2 E|grad D(x)|^2 on real samples keeps D flat on the data, which damps the "
       "circling of D and G (any objective; 1-10 is usual)",
       &Hyper::r1, 100.0f, nullptr, nullptr, &kR1},
      // AC-GAN (Odena et al. 2017), its classifier trained on real images only: D learns to
      // tell the classes apart as they are in the data, and G to make each class so.
      {"class_loss", "Class loss",
       "AC-GAN's auxiliary classifier: D also learns to name each real sample's class, and G to "
       "make samples D names as the class asked for (a conditional D with \"conditioning\": "
       "\"projection\"; 1 is usual)",
       &Hyper::class_loss, 10.0f, nullptr, nullptr, nullptr, true},
  };
  return all;
}

const DRegulariser* find_d_regulariser(const std::string& name) {
  for (const auto& r : d_regularisers())
    if (name == r.name) return &r;
  return nullptr;
}

}  // namespace ganscope::train
