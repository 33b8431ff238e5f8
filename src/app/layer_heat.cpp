#include "app/layer_heat.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ganscope::app {

float grad_heat(float grad_norm) {
  if (!(grad_norm > 0)) return std::nanf("");  // NaN, 0 or negative
  const float t = (std::log10(grad_norm) - GradHeatScale::kLowLog10) /
                  (GradHeatScale::kHighLog10 - GradHeatScale::kLowLog10);
  return std::clamp(t, 0.0f, 1.0f);
}

std::uint32_t grad_heat_colour(float t) {
  // Two linear ramps: blue (40, 90, 200) to violet (95, 70, 120) to red (215, 60, 45).
  const float lo[3] = {40, 90, 200}, mid[3] = {95, 70, 120}, hi[3] = {215, 60, 45};
  const float* a = t < 0.5f ? lo : mid;
  const float* b = t < 0.5f ? mid : hi;
  const float s = t < 0.5f ? 2 * t : 2 * t - 1;
  std::uint32_t rgb[3];
  for (int i = 0; i < 3; ++i) rgb[i] = std::uint32_t(std::lround(a[i] + (b[i] - a[i]) * s));
  const std::uint32_t alpha = 170;
  return alpha << 24 | rgb[2] << 16 | rgb[1] << 8 | rgb[0];
}

std::string short_norm(float v) {
  if (std::isnan(v)) return "";
  char buf[32];
  const float a = std::abs(v);
  if (a == 0 || (a >= 0.01f && a < 10)) std::snprintf(buf, sizeof buf, "%.2g", double(v));
  else if (a >= 10 && a < 1000) std::snprintf(buf, sizeof buf, "%.0f", double(v));
  else std::snprintf(buf, sizeof buf, "%.0e", double(v));
  return buf;
}

}  // namespace ganscope::app
