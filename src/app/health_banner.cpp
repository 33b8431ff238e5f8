#include "app/health_banner.h"

#include <algorithm>

#include "app/palette.h"
#include "imgui.h"

namespace ganscope::app {

void draw_health_banner(const std::string& warning) {
  if (warning.empty()) return;
  const char* title = "This run looks broken";
  const ImVec2 pad(8, 5);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float wrap = std::max(40.0f, width - 2 * pad.x);
  const ImVec2 title_size = ImGui::CalcTextSize(title);
  const ImVec2 text_size = ImGui::CalcTextSize(warning.c_str(), nullptr, false, wrap);
  const float height = 2 * pad.y + title_size.y + 2 + text_size.y;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(at, ImVec2(at.x + width, at.y + height), palette::kWarningBackground, 4.0f);
  draw->AddRect(at, ImVec2(at.x + width, at.y + height), palette::kWarningBorder, 4.0f);
  draw->AddText(ImVec2(at.x + pad.x, at.y + pad.y), ImColor(palette::notice_text()), title);
  draw->AddText(nullptr, 0.0f, ImVec2(at.x + pad.x, at.y + pad.y + title_size.y + 2),
                palette::kWarningText, warning.c_str(), nullptr, wrap);
  ImGui::Dummy(ImVec2(width, height));
}

}  // namespace ganscope::app
