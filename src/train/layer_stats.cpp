#include "train/layer_stats.h"

#include <cmath>

#include "nn/conv2d.h"
#include "nn/linear.h"
#include "nn/power_iteration.h"
#include "nn/rng.h"
#include "nn/spectral_norm.h"

namespace ganscope::train {

namespace {

// The weight matrix whose largest singular value is the layer's, or null: a Linear's
// (out, in), a Conv2d's (out, in*k*k) (as spectral normalisation views it), a SpectralNorm's
// W before its division by sigma.
nn::MatF* measured_weight(nn::Layer<float>& layer) {
  if (auto* sn = dynamic_cast<nn::SpectralNorm<float>*>(&layer)) return &sn->weight();
  if (auto* linear = dynamic_cast<nn::Linear<float>*>(&layer)) return &linear->weight();
  if (auto* conv = dynamic_cast<nn::Conv2d<float>*>(&layer)) return &conv->weight();
  return nullptr;
}

}  // namespace

float LayerStatsMeter::spectral_norm(nn::Layer<float>& layer, Vectors& vectors, int iterations) {
  nn::MatF* w = measured_weight(layer);
  if (!w) return kNoValue;
  if (vectors.u.rows() != w->rows() || vectors.v.rows() != w->cols()) {
    // v is overwritten by the first step; u starts from a fixed draw (not the run's random
    // stream, which measuring must not move).
    nn::Rng r(0x5eed0000u + std::uint64_t(w->rows()) * 131u + std::uint64_t(w->cols()));
    vectors.u.resize(w->rows(), 1);
    vectors.v.resize(w->cols(), 1);
    for (Eigen::Index i = 0; i < vectors.u.size(); ++i) vectors.u(i) = r.normal();
    iterations += kFirstIterations;
  }
  float sigma = 0;
  for (int k = 0; k < iterations; ++k) sigma = nn::power_iteration_step(*w, vectors.u, vectors.v);
  auto* sn = dynamic_cast<nn::SpectralNorm<float>*>(&layer);
  if (!sn) return sigma;
  // The layer applies W / (u^T W v) with its own u and v (what its next evaluation-mode
  // forward would use), so its spectral norm is sigma_1(W) over that.
  vectors.wv.noalias() = *w * sn->v();
  return sigma / std::abs(sn->u().col(0).dot(vectors.wv.col(0)));
}

void LayerStatsMeter::measure(const char* network, nn::Sequential<float>& net, bool grads_fresh,
                              int iterations, std::vector<LayerStat>& out) {
  vectors_.resize(net.size());
  for (std::size_t i = 0; i < net.size(); ++i) {
    nn::Layer<float>& layer = net.layer(i);
    const auto params = layer.params();
    if (params.empty()) continue;
    LayerStat stat;
    stat.network = network;
    stat.index = int(i) + 1;
    stat.layer = layer.describe();
    if (grads_fresh) {
      double squares = 0;
      for (const auto& p : params) squares += double(p.grad->squaredNorm());
      stat.grad_norm = float(std::sqrt(squares));
    }
    stat.spectral_norm = spectral_norm(layer, vectors_[i], iterations);
    out.push_back(std::move(stat));
  }
}

}  // namespace ganscope::train
