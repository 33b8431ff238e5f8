// Small ImGui helpers the panels share: a log-scale slider you can also type into, a label
// column, tooltips over widgets, elided text and section titles.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "imgui.h"
#include "train/grid_frames.h"

namespace ganscope::app {

// A slider over log10(value) that prints the value itself (format, e.g. "%.2e"), rounded to
// what it prints. Ctrl+click or double-click types a value instead ("3e-4", "0.0003"), as
// ImGui's own sliders do; a value outside [lo, hi] or not a number is refused (the field turns
// red until Escape or a valid value). Returns whether *value changed.
//
// Why not ImGui's ImGuiSliderFlags_Logarithmic: ImGui 1.86 takes the value it treats as zero
// from the format's precision, and a "%e" format has none, so the threshold becomes 10 and
// the slider jumps there; its own typed input would also edit the exponent we slide over.
bool log_slider(const char* id, float* value, float lo, float hi, const char* format = "%.2e");

// A label in a fixed left column (hover: tooltip), then the widget fills the rest of the line.
// The tooltip also shows over the widget itself: call item_tooltip(tooltip) after it.
void row_label(const char* label, const char* tooltip = nullptr);
// The tooltip for the item just drawn (also when it is disabled).
void item_tooltip(const char* tooltip);
// One line of dim text, cut with "..." where the panel is too narrow (less `reserve` pixels
// kept free at the line's end, e.g. for a help marker); hover shows it whole.
void text_elided(const std::string& text, float reserve = 0);
// A section title: dim text over a separator (ImGui 1.86 has no SeparatorText).
void section(const char* title);

// "Time [slider] Live": a line over the kept frames (oldest first) and, at the right end,
// live. *past_step is the step chosen, -1 live; returns whether it changed. *min and *max get
// the slider's rectangle. Training goes on whatever it shows (issue 14, "Rewind").
// With branch, a "Branch" button after Live: while a past frame is shown and a full state is
// kept at or before it (branch->kept_states, Snapshot::kept_states), a click sets
// branch->clicked to that state's step (Session::branch goes there); its rectangle in min, max.
struct BranchButton {
  const std::vector<std::int64_t>* kept_states = nullptr;
  std::int64_t clicked = -1;
  ImVec2 min{0, 0}, max{0, 0};
};
bool time_slider(const char* id, const train::GridFrames& frames, std::int64_t* past_step, ImVec2* min,
                 ImVec2* max, const char* tooltip, BranchButton* branch = nullptr);

}  // namespace ganscope::app
