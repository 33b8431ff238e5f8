#include "app/health_banner.h"

#include <algorithm>
#include <utility>

#include "app/palette.h"
#include "imgui.h"
#include "train/run_health.h"

namespace ganscope::app {

namespace {
RunRequest banner_request;  // the button's, until the window takes it
}  // namespace

RunRequest take_health_banner_request() { return std::exchange(banner_request, RunRequest()); }

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
  if (const char* lesson = train::lesson_for_warning(warning)) {
    const std::string label = std::string("Why? Open lesson ") + lesson;
    if (ImGui::SmallButton(label.c_str())) banner_request = {RunRequest::Kind::Lesson, lesson, true};
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("A new run that makes this happen on purpose, with notes on why and what "
                        "fixes it. This run is autosaved first and stays in Recent runs.");
  }
}

}  // namespace ganscope::app
