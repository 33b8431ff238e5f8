#include "train/state_folder.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "io/atomic_file.h"

namespace ganscope::train {

namespace fs = std::filesystem;

std::string state_path(const std::string& dir, std::int64_t step) {
  return (fs::path(dir) / ("step-" + std::to_string(step))).string();
}

std::vector<std::int64_t> state_steps(const std::string& dir) {
  std::vector<std::int64_t> steps;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("step-", 0) != 0 || name.size() > 5 + 18 || name.size() == 5) continue;
    if (!std::all_of(name.begin() + 5, name.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    if (!it->is_regular_file(ec)) continue;
    steps.push_back(std::stoll(name.substr(5)));
  }
  std::sort(steps.begin(), steps.end());
  return steps;
}

StateFolder::StateFolder(std::string dir, std::int64_t resume_step, std::size_t budget_bytes, std::int64_t every)
    : dir_(std::move(dir)), store_(every, budget_bytes) {
  std::error_code ec;
  for (std::int64_t step : state_steps(dir_)) {
    const std::string path = state_path(dir_, step);
    if (step > resume_step) {
      fs::remove(path, ec);
      continue;
    }
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec) store_.add_size(step, std::size_t(size));  // else gone since it was listed
  }
}

void StateFolder::add(std::int64_t step, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  io::write_file_atomically(state_path(dir_, step), bytes);
  store_.add_size(step, bytes.size());
  // The files the store let go.
  for (std::int64_t kept : state_steps(dir_)) {
    bool still = false;
    for (const KeptState& s : store_.states()) still |= s.step == kept;
    if (!still) fs::remove(state_path(dir_, kept), ec);
  }
}

}  // namespace ganscope::train
