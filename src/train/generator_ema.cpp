#include "train/generator_ema.h"

#include "nn/training_mode.h"

namespace ganscope::train {

void GeneratorEma::start(nn::Sequential<float>& g) {
  net_ = g;
  // Never trained, only run: evaluation mode for good (BatchNorm's copied running statistics,
  // no Dropout, SpectralNorm's copied u and v without power iteration).
  nn::set_training(net_, false);
  params_.clear();
  buffers_.clear();
  auto mine = net_.params(), theirs = g.params();
  for (std::size_t i = 0; i < mine.size(); ++i) params_.push_back({mine[i].value, theirs[i].value});
  for (std::size_t l = 0; l < g.size(); ++l) {
    auto mb = net_.layer(l).buffers(), gb = g.layer(l).buffers();
    for (std::size_t i = 0; i < mb.size(); ++i) buffers_.push_back({mb[i], gb[i]});
  }
  active_ = true;
}

void GeneratorEma::stop() {
  active_ = false;
  params_.clear();
  buffers_.clear();
  net_ = nn::Sequential<float>();
}

void GeneratorEma::update(float beta) {
  if (!active_) return;
  const float keep = beta, take = 1.0f - beta;
  for (auto& [ema, theta] : params_) ema->array() = keep * ema->array() + take * theta->array();
  for (auto& [ema, b] : buffers_) *ema = *b;
}

}  // namespace ganscope::train
