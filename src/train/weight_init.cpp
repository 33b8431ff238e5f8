#include "train/weight_init.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "nn/batch_norm.h"
#include "nn/dropout.h"
#include "nn/layer_norm.h"
#include "nn/spectral_norm.h"

namespace ganscope::train {

namespace {

constexpr float kStd = 0.02f;

struct Named {
  InitScheme scheme;
  const char* name;
};
constexpr Named kSchemes[] = {{InitScheme::Normal002, "normal_0.02"},
                              {InitScheme::TorchDefault, "torch_default"}};

// U(-b, b) from r's 24-bit uniform in [0, 1).
float uniform_in(nn::Rng& r, float b) { return b * (2.0f * r.uniform() - 1.0f); }

void init_layer(nn::Layer<float>& layer, nn::Rng& r, InitScheme scheme) {
  // LayerNorm starts as PyTorch's under either scheme: scale 1, shift 0, nothing drawn.
  if (auto* ln = dynamic_cast<nn::LayerNorm<float>*>(&layer)) {
    ln->weight().setOnes();
    ln->bias().setZero();
    return;
  }
  const bool bn = dynamic_cast<nn::BatchNorm<float>*>(&layer) != nullptr;
  auto params = layer.params();
  // Every weight here is held as PyTorch's tensor flattened to (size(0), the rest), so its
  // column count is torch's fan_in: size(1) * k * k (see InitScheme::TorchDefault).
  float bound = 0;
  for (const auto& p : params)
    if (!p.is_bias()) bound = 1.0f / std::sqrt(float(std::max<Eigen::Index>(1, p.value->cols())));
  for (auto& p : params) {
    const bool is_bias = p.is_bias();
    float* v = p.value->data();
    for (Eigen::Index k = 0; k < p.value->size(); ++k) {
      if (bn) v[k] = is_bias ? 0.0f : scheme == InitScheme::Normal002 ? 1.0f + kStd * r.normal() : 1.0f;
      else if (scheme == InitScheme::Normal002) v[k] = is_bias ? 0.0f : kStd * r.normal();
      else v[k] = uniform_in(r, bound);
    }
  }
  if (auto* b = dynamic_cast<nn::BatchNorm<float>*>(&layer)) {
    b->running_mean().setZero();
    b->running_var().setOnes();
  }
}

}  // namespace

const char* init_name(InitScheme s) {
  for (const auto& n : kSchemes)
    if (n.scheme == s) return n.name;
  return "?";
}

std::string init_names() {
  std::string out;
  for (const auto& n : kSchemes) out += (out.empty() ? "" : ", ") + std::string(n.name);
  return out;
}

InitScheme init_from_string(const std::string& name) {
  for (const auto& n : kSchemes)
    if (name == n.name) return n.scheme;
  throw std::invalid_argument("unknown init '" + name + "' (known: " + init_names() + ")");
}

void init_network(nn::Sequential<float>& net, nn::Rng& r, InitScheme scheme) {
  for (std::size_t i = 0; i < net.size(); ++i) init_layer(net.layer(i), r, scheme);
  // Power-iteration vectors and dropout masks after all weights, so that the weights' draws
  // do not depend on which layers have them.
  for (std::size_t i = 0; i < net.size(); ++i) {
    nn::Layer<float>& layer = net.layer(i);
    if (auto* sn = dynamic_cast<nn::SpectralNorm<float>*>(&layer)) {
      for (auto* m : {&sn->u(), &sn->v()}) {
        for (Eigen::Index k = 0; k < m->size(); ++k) m->data()[k] = r.normal();
        *m /= std::max(m->norm(), float(nn::SpectralNorm<float>::kEps));
      }
    } else if (auto* d = dynamic_cast<nn::Dropout<float>*>(&layer)) {
      d->set_rng_state(nn::Rng(r.below(std::uint64_t(1) << 62)).state());
    }
  }
}

}  // namespace ganscope::train
