// How the plane's heatmap values become colours: a value v goes to t = 0.5 + 0.5 (v - centre) /
// half_range on shaders/heatmap.frag's diverging scale (clamped to [0, 1] there), whose dark
// middle and white contour are t = 0.5.
//
// For the BCE games v is the probability D(x) and the scale is the identity (centre 0.5, half
// range 0.5): the contour is D = 0.5. A critic's raw value has no such fixed point: only its
// differences mean something (WGAN's loss does not change when a constant is added to D), so
// its scale is centred midway between its mean on the real and on the fake batch, and the
// contour is the boundary the critic draws between them, wherever its offset has drifted.
// Free of GL, so that it is unit-tested.
#pragma once

#include <vector>

namespace ganscope::app {

struct HeatmapScale {
  float centre = 0.5f;      // goes to t = 0.5
  float half_range = 0.5f;  // centre - half_range goes to t = 0, centre + half_range to 1
  bool critic = false;      // raw critic values (else probabilities)

  float unit(float value) const { return 0.5f + 0.5f * (value - centre) / half_range; }
  float value(float t) const { return centre + (2 * t - 1) * half_range; }
};

// Probabilities: t = D(x).
HeatmapScale probability_scale();

// A critic's scale, from its outputs on the latest real and fake batches and the heatmap's
// values over the view (non-finite values are left out): centred at (mean real + mean fake)/2,
// and wide enough that 98% of the view's values lie on it (a far corner of a zoomed-out view
// does not wash out the rest) and both means do. Without both batches the centre is the
// view's median.
HeatmapScale critic_scale(const std::vector<float>& real, const std::vector<float>& fake,
                          const std::vector<float>& heatmap);

// The scale shown after `previous` when the values ask for `target`: the centre at once (the
// contour must be the boundary now), the range widening at once and narrowing by a fifth of
// the way per snapshot, so the colours do not pulse with every one. A change of kind is taken
// as it is.
HeatmapScale ease(const HeatmapScale& previous, const HeatmapScale& target);

}  // namespace ganscope::app
