#include "app/image_quality_section.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/palette.h"
#include "app/plot_axes.h"
#include "imgui.h"
#include "train/session.h"

namespace ganscope::app {

namespace {

constexpr ImU32 kFcdLine = IM_COL32(120, 190, 255, 255);
constexpr ImU32 kFcdBand = IM_COL32(120, 190, 255, 60);

// The distance at each measurement, with its bootstrap band shaded behind it, on a log scale
// (it falls from hundreds to under one over a run). Hovering names the nearest measurement.
void draw_sparkline(const std::vector<train::FcdPoint>& points, ImVec2 size) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##fcd_spark", size);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), palette::kPlotBackground, 3.0f);
  auto finite_or = [](float v, float fallback) { return std::isfinite(v) && v > 0 ? v : fallback; };
  float lo = INFINITY, hi = 0;
  for (const auto& p : points) {
    lo = std::min(lo, finite_or(p.quality.fcd_low, finite_or(p.quality.fcd, lo)));
    hi = std::max(hi, finite_or(p.quality.fcd_high, finite_or(p.quality.fcd, hi)));
  }
  if (!(lo < hi)) lo = hi / 2, hi = hi * 2 + 1e-3f;
  const float l0 = std::log(lo), l1 = std::log(hi);
  const float pad = 3;
  auto x_of = [&](std::size_t i) {
    return at.x + pad + (size.x - 2 * pad) * float(i) / float(std::max<std::size_t>(1, points.size() - 1));
  };
  auto y_of = [&](float v) {
    const float t = (std::log(std::max(v, lo)) - l0) / (l1 - l0);
    return at.y + size.y - pad - (size.y - 2 * pad) * t;
  };
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const auto& a = points[i].quality;
    const auto& b = points[i + 1].quality;
    if (std::isfinite(a.fcd_low) && std::isfinite(b.fcd_low)) {
      const ImVec2 quad[4] = {{x_of(i), y_of(a.fcd_high)}, {x_of(i + 1), y_of(b.fcd_high)},
                              {x_of(i + 1), y_of(b.fcd_low)}, {x_of(i), y_of(a.fcd_low)}};
      draw->AddConvexPolyFilled(quad, 4, kFcdBand);
    }
    draw->AddLine({x_of(i), y_of(a.fcd)}, {x_of(i + 1), y_of(b.fcd)}, kFcdLine, 1.5f);
  }
  if (!ImGui::IsItemHovered() || points.empty()) return;
  const float mx = ImGui::GetIO().MousePos.x;
  std::size_t best = 0;
  for (std::size_t i = 1; i < points.size(); ++i)
    if (std::abs(x_of(i) - mx) < std::abs(x_of(best) - mx)) best = i;
  const train::ImageQualityStats& q = points[best].quality;
  draw->AddCircleFilled({x_of(best), y_of(q.fcd)}, 3.0f, kFcdLine);
  ImGui::SetTooltip("step %s: distance %.2f (band %.2f-%.2f)\n"
                    "The shaded band is where the distance of other draws of 2,000 images of\n"
                    "the same G would fall (90%%, bootstrap): a change that stays inside it\n"
                    "may be noise. Log scale; lower is better.",
                    format_thousands(points[best].step).c_str(), double(q.fcd), double(q.fcd_low),
                    double(q.fcd_high));
}

// "0.73", or a dash for a value not measured.
std::string shown(float v, const char* format) {
  if (!std::isfinite(v)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, format, double(v));
  return text;
}

}  // namespace

void ImageQualitySection::draw(train::Session& session, const train::Snapshot& snapshot) {
  // Sent every frame (an atomic store), so a new session after a preset switch has it too.
  session.set_image_quality_every(automatic_ ? kEverySteps : 0);
  const std::vector<train::FcdPoint>& points = snapshot.image.fcd;
  if (!points.empty()) {
    const train::FcdPoint& last = points.back();
    const train::ImageQualityStats& q = last.quality;
    ImGui::Text("Frechet distance %.1f", double(q.fcd));
    ImGui::SameLine();
    ImGui::TextDisabled("at step %s", format_thousands(last.step).c_str());
    ImGui::TextDisabled("90%% band %s-%s", shown(q.fcd_low, "%.1f").c_str(), shown(q.fcd_high, "%.1f").c_str());
  } else if (snapshot.image.fcd_status.empty()) {
    ImGui::TextDisabled("Frechet distance: not measured yet");
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "FID's formula on the 64 features of a small classifier trained on the data's\n"
        "training split: the distance between Gaussians fitted to the features of 2,000 of\n"
        "G's images and of the 10,000 test images. Lower is better; the data's own training\n"
        "images score about 0.4 on Fashion-MNIST, an untrained G about 450. In brackets its\n"
        "90%% bootstrap band: how much the draw of the 2,000 images alone moves it.\n"
        "Not comparable with published FIDs (Inception-v3 on natural images).");
  if (!points.empty()) {
    const train::ImageQualityStats& q = points.back().quality;
    ImGui::Text("precision %s  recall %s  classes %s", shown(q.precision, "%.2f").c_str(),
                shown(q.recall, "%.2f").c_str(), shown(q.classes, "%.1f").c_str());
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "On the same features (Kynkaanniemi et al. 2019, k = 3), 2,000 of G's images\n"
          "against 2,000 test images. Precision: the share of G's images that fall among real\n"
          "ones (they look real). Recall: the share of real images that fall among G's (G\n"
          "makes all of the data). A collapsed G keeps precision and loses recall.\n"
          "Classes: how many of the classes G's images spread over, as the classifier labels\n"
          "them (exp of the labels' entropy: 10 for an even spread over 10, 1 for one class).\n"
          "Falling well below its best, it raises \"Collapse suspected\".");
  }
  if (!snapshot.image.fcd_status.empty()) ImGui::TextWrapped("%s", snapshot.image.fcd_status.c_str());

  // The sparkline's place is kept from the start, so nothing below jumps when it appears.
  const ImVec2 spark(ImGui::GetContentRegionAvail().x, 40);
  if (points.size() >= 2) {
    draw_sparkline(points, spark);
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
