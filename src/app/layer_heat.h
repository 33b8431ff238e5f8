// The model table's heat strip: a layer's gradient norm as a cell colour, by its log10 on a
// fixed scale, so that a colour means the same in every run and layer: blue at 1e-5 and below
// (vanishing: nothing reaches the layer), red at 100 and above (exploding), the decades between
// in even steps. A fixed scale rather than one fitted to each snapshot's layers: a fitted one
// would paint the smallest layer blue in a healthy run and hide a network whose gradients all
// vanish together. Healthy runs sit in the middle: ring's layers read 0.1-13 at step 19,000
// (its G's first layer the largest), so 10 is not yet "exploding". Free of ImGui, so that it
// is unit-tested.
#pragma once

#include <cstdint>
#include <string>

namespace ganscope::app {

struct GradHeatScale {
  static constexpr float kLowLog10 = -5;  // t = 0
  static constexpr float kHighLog10 = 2;  // t = 1
};

// Where grad_norm lies on the strip's scale, in [0, 1] (clamped); NaN for a norm not measured
// (NaN) or not positive.
float grad_heat(float grad_norm);

// The cell colour at heat t (0 blue, 1 red, through a dim violet), as 8-bit r, g, b, a packed
// as ImGui's IM_COL32 packs them (a << 24 | b << 16 | g << 8 | r). Translucent, so the cell's
// text stays readable on every colour.
std::uint32_t grad_heat_colour(float t);

// A norm short enough for a narrow table cell: "0.031", "1.2", "42", "3e-05", "2e+03"; "" for
// NaN. (The cell's tooltip gives more digits.)
std::string short_norm(float v);

}  // namespace ganscope::app
