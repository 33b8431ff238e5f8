#include "train/hyper.h"

#include "train/d_regulariser.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ganscope::train {

const nn::GanObjective& objective_from_string(const std::string& name) {
  if (const nn::GanObjective* o = nn::find_objective(name)) return *o;
  throw std::invalid_argument("unknown objective '" + name + "' (known: " + nn::objective_names() + ")");
}

Hyper with_objective(Hyper h, const nn::GanObjective& game) {
  h.objective = &game;
  if (game.companion) {
    float& weight = h.*find_d_regulariser(game.companion)->weight;
    if (weight == 0) weight = game.companion_weight;
  }
  return h;
}

static bool same_regularisers(const Hyper& a, const Hyper& b) {
  for (const auto& r : d_regularisers())
    if (a.*r.weight != b.*r.weight) return false;
  return true;
}

bool Hyper::operator==(const Hyper& o) const {
  return optimizer == o.optimizer && lr_d == o.lr_d && lr_g == o.lr_g && beta1 == o.beta1 && beta2 == o.beta2 && alpha == o.alpha &&
         d_steps == o.d_steps && objective == o.objective && clip == o.clip &&
         noise_anneal_steps == o.noise_anneal_steps && same_regularisers(*this, o) &&
         spectral_norm == o.spectral_norm && packing == o.packing && ema_beta == o.ema_beta;
}

static bool in_range(float v, float lo, float hi) { return std::isfinite(v) && v >= lo && v <= hi; }

std::string validate(const Hyper& h) {
  // Above 1 no optimizer here does anything but diverge: such a value is a typo.
  if (!in_range(h.lr_d, 0.0f, 1.0f) || h.lr_d == 0.0f) return "lr_d must be in (0, 1]";
  if (!in_range(h.lr_g, 0.0f, 1.0f) || h.lr_g == 0.0f) return "lr_g must be in (0, 1]";
  if (!in_range(h.beta1, 0.0f, 0.9999f)) return "beta1 must be in [0, 1)";
  if (!in_range(h.beta2, 0.0f, 0.99999f)) return "beta2 must be in [0, 1)";
  if (!in_range(h.alpha, 0.0f, 0.99999f)) return "alpha must be in [0, 1)";
  if (h.d_steps < 1 || h.d_steps > 100) return "d_steps must be in 1..100";
  if (!h.objective) return "no objective";
  // A clip of 0 would zero D; above 10 it clips nothing a critic of this size reaches.
  if (!in_range(h.clip, 0.0f, 10.0f) || h.clip == 0.0f) return "clip must be in (0, 10]";
  if (h.noise_anneal_steps < 0 || h.noise_anneal_steps > 100000000)
    return "noise_anneal_steps must be in 0..100000000";
  if (h.packing != 1 && h.packing != 2 && h.packing != 4) return "packing must be 1, 2 or 4";
  if (!in_range(h.ema_beta, 0.0f, 0.99999f)) return "ema_beta must be in [0, 1) (0: off)";
  for (const auto& r : d_regularisers())
    if (!in_range(h.*r.weight, 0.0f, r.max_weight)) {
      std::ostringstream s;
      s << r.name << " must be in [0, " << r.max_weight << "], not " << h.*r.weight;
      return s.str();
    }
  return "";
}

std::string validate(const Hyper& h, int batch) {
  std::string bad = validate(h);
  if (bad.empty() && batch % h.packing != 0)
    bad = "packing " + std::to_string(h.packing) + " must divide the batch " + std::to_string(batch);
  return bad;
}

std::vector<std::string> describe_changes(const Hyper& a, const Hyper& b) {
  std::vector<std::string> out;
  auto num = [&](const char* name, double x, double y) {
    if (x == y) return;
    std::ostringstream s;
    s << name << ' ' << x << " -> " << y;
    out.push_back(s.str());
  };
  if (a.optimizer != b.optimizer)
    out.push_back(std::string("optimizer ") + nn::optimizer_name(a.optimizer) + " -> " +
                  nn::optimizer_name(b.optimizer) + " (moments reset)");
  num("lr_d", a.lr_d, b.lr_d);
  num("lr_g", a.lr_g, b.lr_g);
  num("beta1", a.beta1, b.beta1);
  num("beta2", a.beta2, b.beta2);
  num("alpha", a.alpha, b.alpha);
  num("d_steps", a.d_steps, b.d_steps);
  if (a.objective != b.objective)
    out.push_back(std::string("objective ") + a.objective->name + " -> " + b.objective->name);
  num("clip", a.clip, b.clip);
  for (const auto& r : d_regularisers()) num(r.name, a.*r.weight, b.*r.weight);
  num("noise_anneal_steps", a.noise_anneal_steps, b.noise_anneal_steps);
  // A new D: said in the mark, since the plots jump there.
  if (a.spectral_norm != b.spectral_norm)
    out.push_back(std::string("spectral_norm ") + (a.spectral_norm ? "on" : "off") + " -> " +
                  (b.spectral_norm ? "on" : "off") + " (a new D)");
  if (a.packing != b.packing)
    out.push_back("packing " + std::to_string(a.packing) + " -> " + std::to_string(b.packing) +
                  " (a new D)");
  num("ema_beta", a.ema_beta, b.ema_beta);
  return out;
}

}  // namespace ganscope::train
