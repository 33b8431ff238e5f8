// The run-health warning (Snapshot::warning, train/run_health.h) as a banner across the top of
// the panel it concerns: the plane for 2D data, the samples for images.
#pragma once

#include <string>

namespace ganscope::app {

// Nothing when the warning is empty; else a wrapped amber box that takes its height from the
// layout, so the plot or grid below it shrinks rather than hides.
void draw_health_banner(const std::string& warning);

}  // namespace ganscope::app
