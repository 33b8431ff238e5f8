// Colours shared by the panels, so a series has the same colour everywhere: D(x) and the real
// data are green, D(G(z)) and the fakes are red, in the loss plot, the histogram and the scatter.
#pragma once

#include "imgui.h"

namespace ganscope::app::palette {

constexpr ImU32 kLossD = IM_COL32(76, 155, 232, 255);
constexpr ImU32 kLossG = IM_COL32(242, 142, 43, 255);
constexpr ImU32 kReal = IM_COL32(89, 186, 92, 255);
constexpr ImU32 kFake = IM_COL32(232, 87, 89, 255);
constexpr ImU32 kGradD = IM_COL32(176, 122, 216, 255);
constexpr ImU32 kGradG = IM_COL32(237, 201, 72, 255);
// The critic's plot: the Wasserstein estimate and the gradient penalties' term.
constexpr ImU32 kWasserstein = IM_COL32(80, 205, 215, 255);
constexpr ImU32 kPenalty = IM_COL32(238, 120, 180, 255);
constexpr ImU32 kAlarmMark = IM_COL32(255, 170, 40, 220);
constexpr ImU32 kHeldoutGap = IM_COL32(225, 225, 225, 255);
constexpr ImU32 kRt = IM_COL32(170, 150, 240, 255);

// The plane (2D data): where G's loss pushes the fakes, G's image of a latent grid, the
// data's modes, and points the user painted.
constexpr ImU32 kPush = IM_COL32(240, 206, 80, 255);
constexpr ImU32 kManifold = IM_COL32(196, 182, 255, 255);
constexpr ImU32 kModes = IM_COL32(235, 238, 245, 255);
constexpr ImU32 kPainted = IM_COL32(246, 128, 232, 255);
constexpr ImU32 kPointOutline = IM_COL32(8, 9, 12, 170);

constexpr ImU32 kEndpointA = IM_COL32(64, 200, 230, 255);
constexpr ImU32 kEndpointB = IM_COL32(230, 90, 210, 255);

constexpr ImU32 kPlotBackground = IM_COL32(22, 24, 28, 255);
constexpr ImU32 kPlotBorder = IM_COL32(70, 74, 84, 255);
constexpr ImU32 kGridLine = IM_COL32(255, 255, 255, 22);
constexpr ImU32 kTickLabel = IM_COL32(170, 174, 184, 255);
constexpr ImU32 kChangeMark = IM_COL32(236, 214, 120, 150);
constexpr ImU32 kHoverLine = IM_COL32(255, 255, 255, 90);

// Divergence: the banner in the controls and the marks in the loss plot.
constexpr ImU32 kBannerBackground = IM_COL32(122, 24, 28, 255);
constexpr ImU32 kBannerBorder = IM_COL32(236, 84, 84, 255);
constexpr ImU32 kDivergenceMark = IM_COL32(240, 70, 70, 230);
constexpr ImU32 kRollbackMark = IM_COL32(120, 210, 130, 200);

// Run health: a run broken without a NaN (the banner over the plane or the samples).
constexpr ImU32 kWarningBackground = IM_COL32(74, 56, 14, 245);
constexpr ImU32 kWarningBorder = IM_COL32(236, 184, 64, 255);
constexpr ImU32 kWarningText = IM_COL32(246, 236, 210, 255);

// A lesson's note frames the panel it talks about.
constexpr ImU32 kLessonFrame = IM_COL32(80, 210, 230, 235);

// Text the user should not miss (notices, load failures).
inline ImVec4 notice_text() { return ImVec4(1.0f, 0.84f, 0.30f, 1.0f); }
inline ImVec4 error_text() { return ImVec4(1.0f, 0.45f, 0.40f, 1.0f); }
inline ImVec4 error_frame() { return ImVec4(0.55f, 0.16f, 0.16f, 1.0f); }  // a refused typed value
inline ImVec4 running_text() { return ImVec4(0.45f, 0.85f, 0.45f, 1.0f); }
inline ImVec4 dim_text() { return ImVec4(0.62f, 0.64f, 0.70f, 1.0f); }
inline ImVec4 banner_title() { return ImVec4(1.0f, 0.93f, 0.90f, 1.0f); }
inline ImVec4 banner_button() { return ImVec4(0.82f, 0.25f, 0.24f, 1.0f); }
inline ImVec4 banner_button_hovered() { return ImVec4(0.92f, 0.34f, 0.32f, 1.0f); }
inline ImVec4 banner_button_active() { return ImVec4(0.70f, 0.18f, 0.18f, 1.0f); }

// Same colour at another opacity (alpha in 0..255).
constexpr ImU32 with_alpha(ImU32 colour, unsigned alpha) {
  return (colour & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
}

}  // namespace ganscope::app::palette
