#include "io/temporary_files.h"

#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace ganscope::io {

namespace {

// Lock-free atomics only: the handler may interrupt register_temporary on the same thread.
enum SlotState : int { kFree = 0, kFilling = 1, kReady = 2 };
struct Slot {
  std::atomic<int> state{kFree};
  char path[PATH_MAX];
};
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler reads the slot states");
// A process writes one or two files at a time (a checkpoint, metrics.csv); 32 leaves room for
// the GUI's threads.
constexpr int kSlots = 32;
Slot g_slots[kSlots];
std::atomic<unsigned long> g_counter{0};

// Keeps name within budget bytes by replacing its middle with "~", cutting at UTF-8 character
// boundaries so the shortened name is still valid text.
std::string shortened(const std::string& name, std::size_t budget) {
  if (name.size() <= budget) return name;
  auto continuation = [&](std::size_t i) { return (static_cast<unsigned char>(name[i]) & 0xC0) == 0x80; };
  std::size_t head = (budget - 1) / 2;
  std::size_t tail_from = name.size() - (budget - 1 - head);
  while (head > 0 && continuation(head)) --head;
  while (tail_from < name.size() && continuation(tail_from)) ++tail_from;
  return name.substr(0, head) + "~" + name.substr(tail_from);
}

extern "C" void remove_and_reraise(int sig) {
  const int saved_errno = errno;
  remove_registered_temporaries();
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, nullptr);
  errno = saved_errno;
  raise(sig);  // blocked while this handler runs: delivered, with the default action, on return
}

}  // namespace

std::string temporary_path_for(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const std::string suffix = "." + std::to_string(::getpid()) + "." + std::to_string(g_counter++) + ".tmp";
  const std::size_t budget = NAME_MAX - 1 - suffix.size();  // 1 for the leading dot
  const std::string name = "." + shortened(target.filename().string(), budget) + suffix;
  return (target.has_parent_path() ? (target.parent_path() / name) : fs::path(name)).string();
}

int register_temporary(const std::string& path) {
  if (path.size() >= PATH_MAX) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_slots[i].state.compare_exchange_strong(expected, kFilling)) continue;
    std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
    g_slots[i].state.store(kReady);
    return i;
  }
  return -1;
}

void release_temporary(int slot) {
  if (slot >= 0 && slot < kSlots) g_slots[slot].state.store(kFree);
}

void remove_registered_temporaries() noexcept {
  for (auto& slot : g_slots)
    if (slot.state.load() == kReady) ::unlink(slot.path);
}

void remove_temporaries_on_signals() {
  // A file-size limit (ulimit -f) would kill the process mid-write with SIGXFSZ; ignored, the
  // write fails with EFBIG instead, is reported in one line, and its temporary removed.
  signal(SIGXFSZ, SIG_IGN);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old = {};
    if (sigaction(sig, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;
    struct sigaction sa = {};
    sa.sa_handler = remove_and_reraise;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, nullptr);
  }
}

}  // namespace ganscope::io
