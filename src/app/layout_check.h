// A check of what the frame drew, for the GUI tests: text drawn over other text, and text cut
// at the side of the rectangle it was clipped to, per window. It reads the frame's draw data
// (ImGui::GetDrawData() after ImGui::Render()): each glyph is a quad whose texture
// coordinates are one of the font atlas's glyphs, so the glyphs can be found without knowing
// which widget drew them.
#pragma once

#include <string>
#include <vector>

struct ImDrawData;

namespace ganscope::app {

struct TextLayoutIssues {
  std::string window;
  int glyphs = 0;    // glyphs drawn in the window
  int overlaps = 0;  // pairs of glyphs from different places that cover each other
  int clipped = 0;   // glyphs cut at the left or right of their clip rectangle
  std::string first_overlap;  // where, e.g. "at 120,34"
  std::string first_clip;
};

// One entry per window named in `windows` (in that order) that drew anything.
std::vector<TextLayoutIssues> check_text_layout(const ImDrawData& data,
                                                const std::vector<std::string>& windows);

}  // namespace ganscope::app
