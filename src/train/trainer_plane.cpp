// What the 2D view asks of the networks (train/snapshot_builder.cpp draws it): where G's loss
// pushes fake points, and G's image of chosen latents (the generator's manifold).
#include "nn/losses.h"
#include "train/trainer.h"

namespace ganscope::train {

std::vector<float> Trainer::generator_push(const float* x, int n) {
  EvalMode eval({&d_});
  // dL_G/dx through D only, scaled by n to undo the mean. With packing, each point is pushed
  // as the first sample of its pack (d_on_samples).
  const nn::MatF fakes = Eigen::Map<const nn::MatF>(x, out_dim_, n);
  const nn::MatF& fake_logits = d_on_samples(fakes);
  nn::MatF dl, dx;
  nn::generator_loss(*cfg_.hyper.objective, fake_logits, &dl);
  d_.backward(dl, &dx, /*param_grads=*/false);
  const nn::MatF push = -float(n) * dx.topRows(fakes.rows());
  return std::vector<float>(push.data(), push.data() + push.size());
}

std::vector<float> Trainer::generate_at(const float* z, int n) {
  if (cond_.on()) throw std::invalid_argument("generate_at: a conditional G needs its labels");
  EvalMode eval({&g_});
  const nn::MatF& y = shown_g().forward(Eigen::Map<const nn::MatF>(z, cfg_.latent_dim, n));
  return std::vector<float>(y.data(), y.data() + y.size());
}

}  // namespace ganscope::train
