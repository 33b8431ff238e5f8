#include "train/run_id.h"

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>

namespace ganscope::train {

std::string new_run_id() {
  std::uint64_t words[2] = {0, 0};
  try {
    std::random_device rd;  // getrandom(2) on Linux
    for (auto& w : words) w = (std::uint64_t(rd()) << 32) ^ rd();
  } catch (const std::exception&) {
    // No random source: the clock and the pid still tell two runs apart in practice.
    words[0] = std::uint64_t(std::chrono::system_clock::now().time_since_epoch().count());
    words[1] = std::uint64_t(std::chrono::steady_clock::now().time_since_epoch().count()) ^
               (std::uint64_t(::getpid()) << 40);
  }
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(words[0]),
                static_cast<unsigned long long>(words[1]));
  return text;
}

bool is_valid_run_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace ganscope::train
