#version 330 core
// The heatmap's quad, drawn by Dear ImGui's renderer with ImGui's vertex layout (the attribute
// locations are bound to ImGui's own when the program is linked) and ImGui's projection.
in vec2 Position;
in vec2 UV;
in vec4 Color;  // unused: the colour comes from the value

uniform mat4 ProjMtx;

out vec2 Frag_UV;

void main() {
  Frag_UV = UV;
  gl_Position = ProjMtx * vec4(Position.xy, 0.0, 1.0);
}
