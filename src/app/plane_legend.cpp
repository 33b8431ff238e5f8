// The plane's colour legend under the plot: the bar's labels, the critic's means on it, and
// its tooltip (PlaneView's other half, like loss_plot_hover.cpp is LossPlot's).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/palette.h"
#include "app/plane_view.h"

namespace ganscope::app {

// Under the colour bar: its ends and middle in D's terms, and for a critic where its means on
// the real and fake batches fall (the scale is centred between them); the bar's tooltip says
// how the colours are chosen.
void PlaneView::draw_scale_labels(ImDrawList* draw, ImVec2 bar_min, ImVec2 bar_max,
                                  const train::Snapshot& snapshot) const {
  const float bar_width = bar_max.x - bar_min.x;
  const float label_y = bar_max.y + 3;
  struct Tick {
    float at;
    std::string label;
    std::string short_label;  // when the bar is too narrow for the words
  };
  std::vector<Tick> ticks;
  char text[3][48];
  if (scale_.critic) {
    for (int k = 0; k < 3; ++k)
      std::snprintf(text[k], sizeof text[k], "%.3g", double(scale_.value(0.5f * float(k))));
    ticks = {{0.0f, std::string(text[0]) + " fake", text[0]},
             {0.5f, std::string(text[1]) + " midway", text[1]},
             {1.0f, std::string(text[2]) + " real", text[2]}};
  } else {
    ticks = {{0.0f, "0 fake", "0"}, {0.5f, "0.5 can't tell", "0.5"}, {1.0f, "1 real", "1"}};
  }
  float words = 0;
  for (const Tick& tick : ticks) words += ImGui::CalcTextSize(tick.label.c_str()).x;
  const bool short_labels = words + 24 > bar_width;
  for (const Tick& tick : ticks) {
    const float x = bar_min.x + tick.at * bar_width;
    draw->AddLine(ImVec2(x, bar_max.y), ImVec2(x, bar_max.y + 3), palette::kTickLabel);
    const char* label = short_labels ? tick.short_label.c_str() : tick.label.c_str();
    const float w = ImGui::CalcTextSize(label).x;
    const float left = tick.at == 0 ? x : tick.at == 1 ? x - w : x - w * 0.5f;
    draw->AddText(ImVec2(left, label_y), palette::kTickLabel, label);
  }
  double means[2] = {NAN, NAN};
  for (int k = 0; k < 2; ++k) {
    const std::vector<float>& batch = k == 0 ? snapshot.d_real : snapshot.d_fake;
    double sum = 0;
    int n = 0;
    for (float v : batch)
      if (std::isfinite(v)) sum += v, ++n;
    if (n > 0) means[k] = sum / n;
  }
  if (scale_.critic) {
    // The means as notches in the bar's top edge, in the points' colours.
    for (int k = 0; k < 2; ++k) {
      if (!std::isfinite(means[k])) continue;
      const float t = std::clamp(scale_.unit(float(means[k])), 0.0f, 1.0f);
      const float x = std::round(bar_min.x + t * bar_width);
      const ImU32 colour = k == 0 ? palette::kReal : palette::kFake;
      draw->AddTriangleFilled(ImVec2(x - 4, bar_min.y - 1), ImVec2(x + 4, bar_min.y - 1),
                              ImVec2(x, bar_min.y + 5), colour);
    }
  }
  // Over this window only (not through a popup above it), and never in a screenshot, whose
  // window ignores the pointer.
  if (!ImGui::IsWindowHovered() ||
      !ImGui::IsMouseHoveringRect(ImVec2(bar_min.x, bar_min.y - 2),
                                  ImVec2(bar_max.x, label_y + ImGui::GetTextLineHeight())))
    return;
  if (scale_.critic)
    ImGui::SetTooltip(
        "The raw value D(x) of this game's critic: a score, not a probability, whose level\n"
        "can drift (WGAN's losses ignore a constant added to it). The colours are centred at\n"
        "%.4g, midway between its mean on the real batch (%.4g, green notch) and on the\n"
        "fake batch (%.4g, red notch): the white line is the boundary it draws between\n"
        "them, whatever its offset. The ends are %.4g and %.4g (at least 98%% of this\n"
        "view lies between); the faint lines are %.3g apart.",
        double(scale_.centre), means[0], means[1], double(scale_.value(0)),
        double(scale_.value(1)), double(scale_.half_range / 5));
  else
    ImGui::SetTooltip(
        "D(x), the probability D gives that a point is real: teal where it says real,\n"
        "orange where it says fake; the white line is D = 0.5, the faint ones every 0.1.");
}

}  // namespace ganscope::app
