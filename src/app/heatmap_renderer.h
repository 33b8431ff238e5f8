// D(x) over the plane as a float texture (GL_R32F, linear filtering), drawn inside ImGui by our
// own shader program (shaders/heatmap.vert, shaders/heatmap.frag), which maps each value
// through a diverging colour scale (app/heatmap_scale.h: probabilities as they are, a critic's
// raw values centred between real and fake) and draws the contour at its middle.
//
// How it runs inside Dear ImGui 1.86: draw() adds a callback to the draw list that switches
// to our program and sets its uniforms, then the quad (AddImage, so ImGui's renderer binds our
// texture and applies the clip rectangle), then ImDrawCallback_ResetRenderState, which puts
// ImGui's own state back for whatever is drawn next. The program is linked at render time, in
// the first callback, with its attribute locations bound to those of ImGui's program (ImGui's
// GLSL 3.30 shaders leave them to the linker), and takes ImGui's projection from it each time.
// UI thread only: that is the thread with the GL context.
#pragma once

#include <string>

#include "app/heatmap_scale.h"
#include "imgui.h"

namespace ganscope::app {

class HeatmapRenderer {
 public:
  HeatmapRenderer() = default;
  ~HeatmapRenderer();
  HeatmapRenderer(const HeatmapRenderer&) = delete;
  HeatmapRenderer& operator=(const HeatmapRenderer&) = delete;

  // Replaces the values: width x height floats, row by row, the first row at v = 0.
  void upload(int width, int height, const float* values);
  bool has_values() const { return values_texture_ != 0; }
  int uploads() const { return uploads_; }

  // Draws the values over the screen rectangle [p_min, p_max] with texture coordinates uv0 (at
  // p_min) to uv1 (at p_max), as ImDrawList::AddImage does, each value mapped to the colour
  // scale by `scale`. Nothing until the program is ready.
  void draw(ImDrawList* draw, ImVec2 p_min, ImVec2 p_max, ImVec2 uv0, ImVec2 uv1,
            const HeatmapScale& scale, float opacity, bool contours);
  // The colour scale itself, 0 at p_min.x to 1 at p_max.x: the legend, drawn by the same shader.
  void draw_scale(ImDrawList* draw, ImVec2 p_min, ImVec2 p_max);

  // Why the heatmap cannot be drawn (a shader that did not compile or link), or "".
  const std::string& error() const { return error_; }

 private:
  struct Pass {
    HeatmapRenderer* owner = nullptr;
    float opacity = 1;
    float contours = 1;
    HeatmapScale scale;  // the legend's: the identity on its 0..1 ramp
  };
  static void use_program(const ImDrawList* list, const ImDrawCmd* command);
  bool compile();            // at draw time: the shaders (errors show at once)
  bool link_like_current();  // at render time: bound to ImGui's attribute locations
  void add_pass(ImDrawList* draw, Pass& pass, unsigned texture, ImVec2 p_min, ImVec2 p_max,
                ImVec2 uv0, ImVec2 uv1);

  unsigned vertex_shader_ = 0;
  unsigned fragment_shader_ = 0;
  unsigned program_ = 0;
  bool linked_ = false;
  std::string error_;
  int projection_location_ = -1;
  int values_location_ = -1;
  int opacity_location_ = -1;
  int contours_location_ = -1;
  int centre_location_ = -1;
  int half_range_location_ = -1;
  int imgui_program_ = 0;               // whose projection we copy
  int imgui_projection_location_ = -1;  // its "ProjMtx"

  unsigned values_texture_ = 0;
  int width_ = 0;
  int height_ = 0;
  int uploads_ = 0;
  unsigned scale_texture_ = 0;

  Pass heatmap_pass_;
  Pass scale_pass_;
};

}  // namespace ganscope::app
