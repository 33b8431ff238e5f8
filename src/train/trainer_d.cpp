// Trainer: D's variants (train/d_variant.h) and G's average (train/generator_ema.h), and D as
// the window sees it, one value per sample whatever D packs.
#include <algorithm>
#include <stdexcept>

#include "nn/class_projection.h"
#include "nn/shape.h"
#include "train/d_variant.h"
#include "train/trainer.h"
#include "train/weight_init.h"

namespace ganscope::train {

// D's layers as built. A projection D's last Linear gets 1 + 2 classes units: row 0 the
// unconditioned logit, row 1 + k class k's projection, which nn::ClassProjection adds, and
// then a class logit per class for the auxiliary classifier (class_loss; unused at 0, so that
// the weight can change live without a new D).
std::vector<LayerSpec> Trainer::d_specs(const Hyper& h) const {
  std::vector<LayerSpec> layers = d_layers(cfg_.discriminator, h.spectral_norm);
  if (cond_.projection) {
    if (layers.empty() || layers.back().type != "linear" || layers.back().units != 1)
      throw ConfigError("discriminator: a projection D (\"conditioning\": \"projection\") must end "
                        "with a linear of 1 unit, which becomes 1 + 2 x " + std::to_string(cond_.classes) +
                        ": the logit, a projection and a class logit per class");
    layers.back().units = 1 + 2 * cond_.classes;
  }
  return layers;
}

NetworkPlan Trainer::plan_d(const Hyper& h) const {
  NetworkPlan plan = plan_network(d_specs(h), packed_shape(d_sample_, h.packing), "discriminator");
  if (cond_.projection) plan.output = {1};
  if (nn::shape_size(plan.output) != 1)
    throw ConfigError("discriminator: must end with 1 output (a logit), not " +
                      std::to_string(nn::shape_size(plan.output)));
  return plan;
}

nn::Sequential<float> Trainer::build_d(const Hyper& h) const {
  nn::Sequential<float> d = build_network(d_specs(h), packed_shape(d_sample_, h.packing), "discriminator");
  if (cond_.projection) d.add(std::make_unique<nn::ClassProjection<float>>(cond_.classes, /*class_logits=*/true));
  return d;
}

nn::ClassProjection<float>& Trainer::projection_head() {
  return dynamic_cast<nn::ClassProjection<float>&>(d_.layer(d_.size() - 1));
}

// A new D, as a reset would draw it, but from the run's own random stream, so a checkpoint
// taken after the switch continues it exactly. D's optimizer starts again with it: Adam's
// moments of the old D's weights mean nothing to the new ones. (Of h's optimizer: set_hyper
// makes both optimizers anew anyway when h also switches the kind.)
void Trainer::rebuild_d(const Hyper& h) {
  const NetworkPlan plan = plan_d(h);
  const double params = memory_params(plan), values = memory_values(plan, h.packing);
  check_memory(cfg_.batch, params, values);
  nn::Sequential<float> d = build_d(h);
  nn::Rng r(rng_.below(std::uint64_t(1) << 62));
  init_network(d, r, init_from_string(cfg_.init));
  d_ = std::move(d);
  opt_d_ = std::make_unique<nn::Optimizer<float>>(h.optimizer, d_.params());
  params_ = params;
  values_per_sample_ = values;
  d_input_shape_ = nn::shape_text(packed_shape(d_sample_, h.packing));
  d_real_probs_.clear();  // the old D's outputs
  d_fake_probs_.clear();
  d_stats_.forget();
  d_updated_ = false;
  ++d_builds_;
}

void Trainer::sync_ema() {
  if (cfg_.hyper.ema_beta > 0 && !ema_.active()) ema_.start(g_);
  if (cfg_.hyper.ema_beta == 0 && ema_.active()) ema_.stop();
}

const nn::MatF& Trainer::d_on_samples(const nn::MatF& x, const int* labels) {
  if (cond_.on()) {
    if (!labels) throw std::logic_error("d_on_samples: a conditional D needs labels");
    onehot_.resize(cond_.classes, x.cols());
    set_onehot(onehot_, 0, cond_.classes, labels);
    if (!cond_.projection) return d_.forward(cond_.append(x, onehot_, display_packs_));
    projection_head().set_labels(onehot_);
    return d_.forward(x);
  }
  const int m = cfg_.hyper.packing;
  if (m == 1) return d_.forward(x);
  const Eigen::Index f = x.rows(), n = x.cols();
  if (pack_context_.rows() != f * (m - 1)) {
    // The data's first m - 1 samples (zeros where it has fewer), one after another.
    pack_context_ = nn::MatF::Zero(f * (m - 1), 1);
    const int have = data_ ? std::min(data_->size(), m - 1) : 0;
    std::vector<int> idx(static_cast<std::size_t>(have));
    for (int i = 0; i < have; ++i) idx[std::size_t(i)] = i;
    if (have > 0) data_->gather(idx.data(), have, pack_context_.data());
  }
  display_packs_.resize(f * m, n);
  display_packs_.topRows(f) = x;
  display_packs_.bottomRows(f * (m - 1)) = pack_context_.replicate(1, n);
  return d_.forward(display_packs_);
}

}  // namespace ganscope::train
