// Where each panel goes. ImGui 1.86 has no docking, so the panels tile the window in a fixed
// arrangement recomputed from its size every frame:
//
//   +----------+------------------------+------------+
//   | Controls | Loss curves            | Samples    |
//   +----------+-----------+------------+------------+
//   | Discriminator        | Latent explorer         |
//   +----------------------+-------------------------+
//
// For 2D data the plane takes the place of the samples, as a tall column of its own:
//
//   +----------+----------------+--------------------+
//   | Controls | Loss curves    | Plane              |
//   |          |                | (a square plot)    |
//   +----------+-----+----------+--------------------+
//   | Discriminator  | Latent   | Sample quality     |
//   +----------------+----------+--------------------+
#pragma once

#include "imgui.h"

namespace ganscope::app {

struct PanelRect {
  ImVec2 pos;
  ImVec2 size;
};

struct PanelLayout {
  PanelRect controls, loss, samples, histogram, explorer;
  PanelRect quality;  // 2D data only: under the plane
};

// plane: the 2D-data arrangement, `samples` being the plane.
PanelLayout layout_panels(ImVec2 display, float font_size, bool plane = false);

// Places the next ImGui window at rect, fixed (no moving, resizing or collapsing).
// help: what the panel shows, behind a "(?)" at the right of its title bar.
bool begin_panel(const char* title, const PanelRect& rect, const char* help = nullptr);

}  // namespace ganscope::app
