// Short key taps that survive a slow frame. ImGui 1.86's GLFW backend keeps one "down" flag a
// key and ImGui reads it once a frame, so a key pressed and released between two frames (a
// quick tap at 10 frames a second) is never seen as pressed. This sits between GLFW and the
// backend: a release that follows a press within the same frame is held back until the next
// frame, so ImGui sees the key down for one frame, as it would have with a slower tap.
#pragma once

struct GLFWwindow;

namespace ganscope::app {

// After ImGui_ImplGlfw_InitForOpenGL(window, true): takes over the key callback, passing every
// event on to the backend.
void install_key_taps(GLFWwindow* window);
// Once a frame, before ImGui's NewFrame: passes on the releases held back last frame.
void release_held_key_taps(GLFWwindow* window);

}  // namespace ganscope::app
