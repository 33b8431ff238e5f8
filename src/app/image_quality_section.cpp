#include "app/image_quality_section.h"

#include <cfloat>
#include <string>
#include <vector>

#include "app/plot_axes.h"
#include "imgui.h"
#include "train/session.h"

namespace ganscope::app {

void ImageQualitySection::draw(train::Session& session, const train::Snapshot& snapshot) {
  // Sent every frame (an atomic store), so a new session after a preset switch has it too.
  session.set_image_quality_every(automatic_ ? kEverySteps : 0);
  const std::vector<train::FcdPoint>& points = snapshot.fcd;
  if (!points.empty()) {
    const train::FcdPoint& last = points.back();
    ImGui::Text("Frechet distance %.1f", double(last.value));
    ImGui::SameLine();
    ImGui::TextDisabled("at step %s", format_thousands(last.step).c_str());
  } else if (snapshot.fcd_status.empty()) {
    ImGui::TextDisabled("Frechet distance: not measured yet");
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "FID's formula on the 64 features of a small classifier trained on the data's\n"
        "training split: the distance between Gaussians fitted to the features of 2,000 of\n"
        "G's images and of the 10,000 test images. Lower is better; the data's own training\n"
        "images score about 0.4 on Fashion-MNIST, an untrained G about 450.\n"
        "Not comparable with published FIDs (Inception-v3 on natural images).");
  if (!snapshot.fcd_status.empty()) ImGui::TextWrapped("%s", snapshot.fcd_status.c_str());

  // The sparkline's place is kept from the start, so nothing below jumps when it appears.
  const ImVec2 spark(ImGui::GetContentRegionAvail().x, 40);
  if (points.size() >= 2) {
    std::vector<float> values;
    values.reserve(points.size());
    for (const auto& p : points) values.push_back(p.value);
    ImGui::PlotLines("##fcd", values.data(), int(values.size()), 0, nullptr, 0.0f, FLT_MAX, spark);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("The distance at each measurement of this run (lower is better)");
  } else {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRect(at, ImVec2(at.x + spark.x, at.y + spark.y),
                                        ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
    ImGui::Dummy(spark);
    ImGui::SetCursorScreenPos(ImVec2(at.x + 8, at.y + (spark.y - ImGui::GetTextLineHeight()) * 0.5f));
    ImGui::TextDisabled("its curve, from the second measurement");
    ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + spark.y + ImGui::GetStyle().ItemSpacing.y));
  }
  if (ImGui::Button("Measure")) session.measure_image_quality();
  ImGui::SameLine();
  ImGui::Checkbox("every 1,000 steps", &automatic_);
}

}  // namespace ganscope::app
