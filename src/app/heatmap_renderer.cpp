#include "app/heatmap_renderer.h"

#include <glad/gl.h>

#include <cstdint>
#include <vector>

#include "app/shader_sources.h"
#include "app/window_cost.h"

namespace ganscope::app {

namespace {

constexpr int kScaleTexels = 256;

ImTextureID texture_id(unsigned name) {
  return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(name));
}

std::string shader_log(GLuint shader) {
  GLint length = 0;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
  std::string log(std::size_t(length > 1 ? length : 1), '\0');
  glGetShaderInfoLog(shader, length, nullptr, log.data());
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
  return log;
}

std::string program_log(GLuint program) {
  GLint length = 0;
  glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
  std::string log(std::size_t(length > 1 ? length : 1), '\0');
  glGetProgramInfoLog(program, length, nullptr, log.data());
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
  return log;
}

// A float texture sampled linearly and clamped to its edge; the binding is left as it was.
void fill_float_texture(GLuint& name, int width, int height, bool resize, const float* values) {
  const UploadTimer timed;  // the window's cost (app/window_cost.h)
  GLint previous = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
  if (name == 0) glGenTextures(1, &name);
  glBindTexture(GL_TEXTURE_2D, name);
  if (resize) {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, width, height, 0, GL_RED, GL_FLOAT, values);
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RED, GL_FLOAT, values);
  }
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
}

}  // namespace

HeatmapRenderer::~HeatmapRenderer() {
  if (program_ != 0) glDeleteProgram(program_);
  if (vertex_shader_ != 0) glDeleteShader(vertex_shader_);
  if (fragment_shader_ != 0) glDeleteShader(fragment_shader_);
  if (values_texture_ != 0) glDeleteTextures(1, &values_texture_);
  if (scale_texture_ != 0) glDeleteTextures(1, &scale_texture_);
}

void HeatmapRenderer::upload(int width, int height, const float* values) {
  if (width <= 0 || height <= 0 || values == nullptr) return;
  const bool resize = values_texture_ == 0 || width != width_ || height != height_;
  // Floats: rows are always 4-byte aligned, so the unpack alignment does not matter.
  fill_float_texture(values_texture_, width, height, resize, values);
  width_ = width;
  height_ = height;
  ++uploads_;
}

bool HeatmapRenderer::compile() {
  if (program_ != 0) return true;
  if (!error_.empty()) return false;
  const char* sources[2] = {shader_source("heatmap.vert"), shader_source("heatmap.frag")};
  const char* names[2] = {"heatmap.vert", "heatmap.frag"};
  const GLenum kinds[2] = {GL_VERTEX_SHADER, GL_FRAGMENT_SHADER};
  GLuint* shaders[2] = {&vertex_shader_, &fragment_shader_};
  for (int k = 0; k < 2; ++k) {
    if (sources[k] == nullptr) {
      error_ = std::string("shaders/") + names[k] + " was not compiled into the binary";
      return false;
    }
    *shaders[k] = glCreateShader(kinds[k]);
    glShaderSource(*shaders[k], 1, &sources[k], nullptr);
    glCompileShader(*shaders[k]);
    GLint ok = GL_FALSE;
    glGetShaderiv(*shaders[k], GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
      error_ = std::string(names[k]) + " does not compile: " + shader_log(*shaders[k]);
      return false;
    }
  }
  program_ = glCreateProgram();
  glAttachShader(program_, vertex_shader_);
  glAttachShader(program_, fragment_shader_);

  // The legend's texture: 0 to 1 in even steps.
  std::vector<float> ramp(kScaleTexels);
  for (int i = 0; i < kScaleTexels; ++i) ramp[std::size_t(i)] = float(i) / (kScaleTexels - 1);
  fill_float_texture(scale_texture_, kScaleTexels, 1, true, ramp.data());
  return true;
}

// Runs inside ImGui's renderer, with ImGui's program current.
bool HeatmapRenderer::link_like_current() {
  if (linked_) return true;
  if (program_ == 0 || !error_.empty()) return false;
  GLint imgui_program = 0;
  glGetIntegerv(GL_CURRENT_PROGRAM, &imgui_program);
  if (imgui_program == 0) {
    error_ = "no shader program is current in ImGui's renderer";
    return false;
  }
  for (const char* attribute : {"Position", "UV", "Color"}) {
    const GLint location = glGetAttribLocation(GLuint(imgui_program), attribute);
    if (location >= 0) glBindAttribLocation(program_, GLuint(location), attribute);
  }
  glLinkProgram(program_);
  GLint ok = GL_FALSE;
  glGetProgramiv(program_, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    error_ = "the heatmap shaders do not link: " + program_log(program_);
    return false;
  }
  projection_location_ = glGetUniformLocation(program_, "ProjMtx");
  values_location_ = glGetUniformLocation(program_, "Values");
  opacity_location_ = glGetUniformLocation(program_, "Opacity");
  contours_location_ = glGetUniformLocation(program_, "Contours");
  centre_location_ = glGetUniformLocation(program_, "Centre");
  half_range_location_ = glGetUniformLocation(program_, "HalfRange");
  linked_ = true;
  return true;
}

void HeatmapRenderer::use_program(const ImDrawList* /*list*/, const ImDrawCmd* command) {
  const Pass& pass = *static_cast<const Pass*>(command->UserCallbackData);
  HeatmapRenderer& self = *pass.owner;
  GLint imgui_program = 0;
  glGetIntegerv(GL_CURRENT_PROGRAM, &imgui_program);
  if (!self.link_like_current()) return;
  // ImGui's orthographic projection, as its renderer set it up for this frame.
  if (imgui_program != self.imgui_program_) {
    self.imgui_program_ = imgui_program;
    self.imgui_projection_location_ = glGetUniformLocation(GLuint(imgui_program), "ProjMtx");
  }
  float projection[16] = {0};
  if (self.imgui_projection_location_ >= 0)
    glGetUniformfv(GLuint(imgui_program), self.imgui_projection_location_, projection);
  glUseProgram(self.program_);
  glUniformMatrix4fv(self.projection_location_, 1, GL_FALSE, projection);
  glUniform1i(self.values_location_, 0);  // ImGui's renderer binds the texture on unit 0
  glUniform1f(self.opacity_location_, pass.opacity);
  glUniform1f(self.contours_location_, pass.contours);
  glUniform1f(self.centre_location_, pass.scale.centre);
  glUniform1f(self.half_range_location_, pass.scale.half_range);
}

void HeatmapRenderer::add_pass(ImDrawList* draw, Pass& pass, unsigned texture, ImVec2 p_min,
                               ImVec2 p_max, ImVec2 uv0, ImVec2 uv1) {
  pass.owner = this;
  draw->AddCallback(&HeatmapRenderer::use_program, &pass);
  // The first frame only links the program (at render time); the quad waits for the next one,
  // so that ImGui's own shader never draws the raw float texture.
  if (linked_) draw->AddImage(texture_id(texture), p_min, p_max, uv0, uv1);
  draw->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void HeatmapRenderer::draw(ImDrawList* draw, ImVec2 p_min, ImVec2 p_max, ImVec2 uv0, ImVec2 uv1,
                           const HeatmapScale& scale, float opacity, bool contours) {
  if (values_texture_ == 0 || p_max.x <= p_min.x || p_max.y <= p_min.y || !compile()) return;
  heatmap_pass_.scale = scale;
  heatmap_pass_.opacity = opacity;
  heatmap_pass_.contours = contours ? 1.0f : 0.0f;
  add_pass(draw, heatmap_pass_, values_texture_, p_min, p_max, uv0, uv1);
}

void HeatmapRenderer::draw_scale(ImDrawList* draw, ImVec2 p_min, ImVec2 p_max) {
  if (p_max.x <= p_min.x || p_max.y <= p_min.y || !compile()) return;
  scale_pass_.opacity = 1.0f;
  scale_pass_.contours = 1.0f;
  // Texel centres: the first is exactly 0, the last exactly 1.
  const float half = 0.5f / kScaleTexels;
  add_pass(draw, scale_pass_, scale_texture_, p_min, p_max, ImVec2(half, 0.5f),
           ImVec2(1 - half, 0.5f));
}

}  // namespace ganscope::app
