// Asks the X server named by DISPLAY whether it is there before GLFW connects: XOpenDisplay
// waits forever on a server that accepts the connection and never answers (a hung X server,
// a stale SSH forward), and glfwInit with it. The probe connects as Xlib would (the unix
// socket /tmp/.X11-unix/X<n>, Linux's abstract one first, for ":n"; TCP port 6000 + n for
// "host:n"), sends the 12-byte X11 connection setup request and waits for any reply.
#pragma once

#include <string>

namespace ganscope::app {

constexpr int kDisplayAnswerSeconds = 5;

// "" when the display answered (with anything, even a refusal), or when there is nothing to
// probe (DISPLAY unset or in a form we do not know, a connection refused): GLFW then says
// what is wrong. Otherwise the reason, e.g. "the display :7 did not answer within 5 s".
std::string silent_display(const char* display, int timeout_seconds = kDisplayAnswerSeconds);

}  // namespace ganscope::app
