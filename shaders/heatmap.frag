#version 330 core
// D(x) over the plane: one float per texel, filtered linearly by the sampler, taken to
// t = 0.5 + 0.5 (value - Centre) / HalfRange (app/heatmap_scale.h: the identity for
// probabilities; for a critic's raw values, centred between its means on real and fake) and
// mapped here through a diverging colour scale. The scale runs through a dark neutral at
// t = 0.5 (D cannot tell real from fake), orange towards 0 (D says fake) and teal towards 1 (D
// says real); both arms rise monotonically in lightness, so the value reads without colour
// vision too. A white contour marks t = 0.5 exactly and faint ones every 0.1.
uniform sampler2D Values;
uniform float Opacity;    // 0..1
uniform float Contours;   // 1: draw the contour lines
uniform float Centre;     // the value at t = 0.5
uniform float HalfRange;  // the value at t = 1 is Centre + HalfRange

in vec2 Frag_UV;
out vec4 Out_Color;

// Piecewise-linear through control points, sRGB values.
vec3 diverging(float t) {
  const vec3 c0 = vec3(0.612, 0.337, 0.141);  // 0.00: orange, sure it is fake
  const vec3 c1 = vec3(0.482, 0.255, 0.114);  // 0.20
  const vec3 c2 = vec3(0.290, 0.161, 0.110);  // 0.38
  const vec3 c3 = vec3(0.114, 0.118, 0.137);  // 0.50: dark neutral, cannot tell
  const vec3 c4 = vec3(0.098, 0.231, 0.263);  // 0.62
  const vec3 c5 = vec3(0.137, 0.435, 0.475);  // 0.80
  const vec3 c6 = vec3(0.290, 0.667, 0.690);  // 1.00: teal, sure it is real
  if (t < 0.20) return mix(c0, c1, t / 0.20);
  if (t < 0.38) return mix(c1, c2, (t - 0.20) / 0.18);
  if (t < 0.50) return mix(c2, c3, (t - 0.38) / 0.12);
  if (t < 0.62) return mix(c3, c4, (t - 0.50) / 0.12);
  if (t < 0.80) return mix(c4, c5, (t - 0.62) / 0.18);
  return mix(c5, c6, (t - 0.80) / 0.20);
}

// 1 on a line where f crosses an integer, fading out over about `width` pixels.
float contour(float f, float width) {
  float distance = abs(fract(f + 0.5) - 0.5) / max(fwidth(f), 1e-6);
  return 1.0 - smoothstep(0.5 * width, 0.5 * width + 1.0, distance);
}

void main() {
  float raw = texture(Values, Frag_UV).r;
  if (isnan(raw) || isinf(raw)) {
    Out_Color = vec4(0.35, 0.35, 0.38, Opacity);  // D is not finite here
    return;
  }
  float v = clamp(0.5 + 0.5 * (raw - Centre) / HalfRange, 0.0, 1.0);
  vec3 colour = diverging(v);
  if (Contours > 0.5) {
    // Not where D saturates: a flat 0 or 1 would be "on" a line everywhere.
    float inside = step(0.05, v) * step(v, 0.95);
    colour = mix(colour, vec3(1.0), 0.16 * inside * contour(v * 10.0, 1.0));
    colour = mix(colour, vec3(1.0), 0.85 * contour(v - 0.5, 1.6));
  }
  Out_Color = vec4(colour, Opacity);
}
