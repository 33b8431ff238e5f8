#include "app/key_taps.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <vector>

#include "imgui_impl_glfw.h"

namespace ganscope::app {

namespace {

struct HeldRelease {
  int key, scancode, mods;
};
// Keys pressed since the last frame began, and the releases held back for the next one
// (UI thread only: GLFW calls back from glfwPollEvents).
std::vector<int> pressed_this_frame;
std::vector<HeldRelease> held;

bool pressed_now(int key) {
  for (int k : pressed_this_frame)
    if (k == key) return true;
  return false;
}

void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  if (action == GLFW_PRESS) pressed_this_frame.push_back(key);
  if (action == GLFW_RELEASE && pressed_now(key)) {
    held.push_back({key, scancode, mods});
    return;
  }
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

}  // namespace

void install_key_taps(GLFWwindow* window) { glfwSetKeyCallback(window, on_key); }

void release_held_key_taps(GLFWwindow* window) {
  pressed_this_frame.clear();
  std::vector<HeldRelease> now;
  now.swap(held);
  for (const HeldRelease& r : now) ImGui_ImplGlfw_KeyCallback(window, r.key, r.scancode, GLFW_RELEASE, r.mods);
}

}  // namespace ganscope::app
