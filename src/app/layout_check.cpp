#include "app/layout_check.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <utility>

#include "imgui.h"

namespace ganscope::app {

namespace {

struct Box {
  float x0, y0, x1, y1;
  float area() const { return std::max(0.0f, x1 - x0) * std::max(0.0f, y1 - y0); }
};

float overlap_area(const Box& a, const Box& b) {
  const float w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
  const float h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0.0f;
}

// Every glyph's rectangle in the font atlas, keyed by its top-left texture coordinate, and
// the glyph's U range (a glyph cut by ImGui's CPU clipping keeps its V0 but not its U range).
using GlyphUvs = std::multimap<float, std::pair<float, float>>;  // v0 -> (u0, u1)

GlyphUvs atlas_glyphs() {
  GlyphUvs uvs;
  const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  for (const ImFont* font : atlas->Fonts)
    for (const ImFontGlyph& g : font->Glyphs)
      if (g.Visible && g.U1 > g.U0) uvs.insert({g.V0, {g.U0, g.U1}});
  return uvs;
}

std::string where(const Box& b) {
  return "at " + std::to_string(int(b.x0)) + "," + std::to_string(int(b.y0));
}

}  // namespace

std::vector<TextLayoutIssues> check_text_layout(const ImDrawData& data,
                                                const std::vector<std::string>& windows) {
  const GlyphUvs glyph_uvs = atlas_glyphs();
  const ImTextureID atlas_texture = ImGui::GetIO().Fonts->TexID;
  std::vector<TextLayoutIssues> out;
  for (const std::string& name : windows) {
    TextLayoutIssues issues;
    issues.window = name;
    std::vector<Box> glyphs;
    bool found = false;
    for (int l = 0; l < data.CmdListsCount; ++l) {
      const ImDrawList* list = data.CmdLists[l];
      // A window's own list, and its child windows' ("Latent explorer/##path_and_sliders_...").
      if (!list->_OwnerName || std::strncmp(list->_OwnerName, name.c_str(), name.size()) != 0 ||
          (list->_OwnerName[name.size()] != '\0' && list->_OwnerName[name.size()] != '/'))
        continue;
      found = true;
      for (const ImDrawCmd& cmd : list->CmdBuffer) {
        if (cmd.UserCallback || cmd.TextureId != atlas_texture) continue;
        const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
        const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
        for (unsigned e = 0; e + 6 <= cmd.ElemCount; e += 6) {
          // Glyphs are quads written as (i, i+1, i+2, i, i+2, i+3), corners TL, TR, BR, BL.
          const ImDrawIdx i = idx[e];
          if (idx[e + 1] != i + 1 || idx[e + 2] != i + 2 || idx[e + 3] != i || idx[e + 4] != i + 2 ||
              idx[e + 5] != i + 3)
            continue;
          const ImDrawVert &tl = vtx[i], &br = vtx[i + 2];
          if (vtx[i + 1].pos.y != tl.pos.y || vtx[i + 1].pos.x != br.pos.x ||
              vtx[i + 3].pos.x != tl.pos.x || vtx[i + 3].pos.y != br.pos.y)
            continue;
          // A glyph: its top edge's V is a glyph's V0 and its U range lies within that
          // glyph's (shorter when ImGui cut it to the clip rectangle on the CPU).
          bool glyph = false, cut = false;
          auto [lo, hi] = glyph_uvs.equal_range(tl.uv.y);
          for (auto it = lo; it != hi && !glyph; ++it) {
            const auto [u0, u1] = it->second;
            if (tl.uv.x >= u0 - 1e-6f && br.uv.x <= u1 + 1e-6f && br.uv.x > tl.uv.x) {
              glyph = true;
              cut = tl.uv.x > u0 + 1e-6f || br.uv.x < u1 - 1e-6f;
            }
          }
          if (!glyph) continue;
          const Box box{tl.pos.x, tl.pos.y, br.pos.x, br.pos.y};
          // The GPU clips what ImGui did not cut: a glyph reaching past its clip rectangle's
          // side by more than a glyph's bearing is cut too (past its top or bottom is
          // scrolling, not a fault).
          cut |= box.x0 < cmd.ClipRect.x - 2 || box.x1 > cmd.ClipRect.z + 2;
          const bool visible = box.x1 > cmd.ClipRect.x && box.x0 < cmd.ClipRect.z &&
                               box.y1 > cmd.ClipRect.y && box.y0 < cmd.ClipRect.w;
          if (!visible) continue;
          if (cut && issues.clipped++ == 0) issues.first_clip = where(box);
          Box shown{std::max(box.x0, cmd.ClipRect.x), std::max(box.y0, cmd.ClipRect.y),
                    std::min(box.x1, cmd.ClipRect.z), std::min(box.y1, cmd.ClipRect.w)};
          if (shown.area() > 4) glyphs.push_back(shown);
        }
      }
    }
    if (!found) continue;
    issues.glyphs = int(glyphs.size());
    // Neighbouring glyphs of one word may touch; covering a quarter of the smaller one is text
    // over text.
    std::sort(glyphs.begin(), glyphs.end(), [](const Box& a, const Box& b) { return a.x0 < b.x0; });
    for (std::size_t a = 0; a < glyphs.size(); ++a)
      for (std::size_t b = a + 1; b < glyphs.size() && glyphs[b].x0 < glyphs[a].x1; ++b)
        if (overlap_area(glyphs[a], glyphs[b]) > 0.25f * std::min(glyphs[a].area(), glyphs[b].area()))
          if (issues.overlaps++ == 0) issues.first_overlap = where(glyphs[a]);
    out.push_back(issues);
  }
  return out;
}

}  // namespace ganscope::app
