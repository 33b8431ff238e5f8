// Where each panel goes. ImGui 1.86 has no docking, so the panels tile the window in a fixed
// arrangement recomputed from its size every frame:
//
//   +----------+------------------------+------------+
//   | Controls | Loss curves            | Samples    |
//   +----------+-----------+------------+------------+
//   | Discriminator        | Latent explorer         |
//   +----------------------+-------------------------+
#pragma once

#include "imgui.h"

namespace ganscope::app {

struct PanelRect {
  ImVec2 pos;
  ImVec2 size;
};

struct PanelLayout {
  PanelRect controls, loss, samples, histogram, explorer;
};

PanelLayout layout_panels(ImVec2 display, float font_size);

// Places the next ImGui window at rect, fixed (no moving, resizing or collapsing).
bool begin_panel(const char* title, const PanelRect& rect);

}  // namespace ganscope::app
