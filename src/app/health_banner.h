// The run-health warning (Snapshot::warning, train/run_health.h) as a banner across the top of
// the panel it concerns: the plane for 2D data, the samples for images.
#pragma once

#include <string>

#include "app/run_request.h"

namespace ganscope::app {

// Nothing when the warning is empty; else a wrapped amber box that takes its height from the
// layout, so the plot or grid below it shrinks rather than hides. Under the text, a button
// opens the lesson that shows what the warning is about (train::lesson_for_warning).
void draw_health_banner(const std::string& warning);

// The lesson a banner's button asked for since the last call (the window opens it between
// frames, as it does the Lessons menu's), or none. UI thread only.
RunRequest take_health_banner_request();

}  // namespace ganscope::app
