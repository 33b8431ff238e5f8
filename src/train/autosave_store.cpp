#include "train/autosave_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <sstream>

#include "train/checkpoint.h"
#include "train/file_lock.h"

namespace ganscope::train {

namespace fs = std::filesystem;

namespace {

// A preset or config name as it may appear in a file name.
std::string file_safe(const std::string& name) {
  std::string s;
  for (char c : name) s += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '_';
  if (s.empty()) s = "run";
  return s.substr(0, 64);
}

bool is_autosave_name(const std::string& name) {
  return name.rfind("autosave-", 0) == 0 && name.size() > 14 &&
         name.compare(name.size() - 5, 5, ".ckpt") == 0;
}

}  // namespace

SavedRunInfo read_saved_run(const std::string& path) {
  CheckpointReader reader(path);
  SavedRunInfo info;
  info.path = path;
  info.config = parse_config(reader.get("config"), path);
  // Checkpoints from before configs carried their name are named by the file: the window's old
  // autosave-<preset>.ckpt and autosave-<preset>.previous.ckpt name the preset.
  std::string& name = info.config.name;
  if (name.rfind("autosave-", 0) == 0) {
    name = name.substr(9);
    if (name.size() > 9 && name.compare(name.size() - 9, 9, ".previous") == 0) name.resize(name.size() - 9);
  }
  std::istringstream state(reader.get("state"));
  if (!(state >> info.step >> info.train_seconds) || info.step < 0)
    throw CheckpointError(path + ": damaged state section");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) info.saved_at = std::int64_t(st.st_mtime);
  return info;
}

std::string describe_time(std::int64_t seconds_since_1970) {
  std::time_t t = std::time_t(seconds_since_1970), now = std::time(nullptr);
  std::tm when {}, today {};
  localtime_r(&t, &when);
  localtime_r(&now, &today);
  char clock[16], date[32];
  std::strftime(clock, sizeof clock, "%H:%M", &when);
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M", &when);
  const int days = (today.tm_year - when.tm_year) * 366 + (today.tm_yday - when.tm_yday);
  if (days == 0) return std::string("today ") + clock;
  if (days == 1) return std::string("yesterday ") + clock;
  return date;
}

std::string AutosaveStore::default_dir() {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
    return (fs::path(state) / "ganscope").string();
  if (const char* home = std::getenv("HOME"); home && *home)
    return (fs::path(home) / ".local/state/ganscope").string();
  return "";
}

AutosaveStore::AutosaveStore(std::string dir) : dir_(std::move(dir)) {}

std::string AutosaveStore::lock_path(const std::string& autosave_path) {
  fs::path p(autosave_path);
  return (p.parent_path() / ("." + p.stem().string() + ".lock")).string();
}

bool AutosaveStore::holds(const std::string& path) const {
  if (!enabled() || path.empty()) return false;
  std::error_code ec;
  fs::path p(path);
  return fs::equivalent(p.parent_path().empty() ? fs::path(".") : p.parent_path(), dir_, ec) &&
         is_autosave_name(p.filename().string());
}

std::vector<AutosaveStore::Entry> AutosaveStore::list(const std::string& preset) const {
  std::vector<Entry> out;
  if (!enabled()) return out;
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!is_autosave_name(name) || !it->is_regular_file(ec)) continue;
    Entry e;
    try {
      e.run = read_saved_run(it->path().string());
    } catch (const std::exception&) {
      continue;  // damaged or of a future version: not a run this window can continue
    }
    if (!preset.empty() && e.run.config.name != preset) continue;
    e.in_use = FileLock::held_elsewhere(lock_path(e.run.path), &e.holder);
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
    return a.run.saved_at != b.run.saved_at ? a.run.saved_at > b.run.saved_at : a.run.path > b.run.path;
  });
  return out;
}

bool AutosaveStore::newest_free(const std::string& preset, Entry& out) const {
  for (Entry& e : list(preset)) {
    if (e.in_use) continue;
    out = std::move(e);
    return true;
  }
  return false;
}

std::string AutosaveStore::new_path(const std::string& preset) const {
  if (!enabled()) return "";
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return "";
  std::time_t now = std::time(nullptr);
  std::tm t {};
  localtime_r(&now, &t);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &t);
  const std::string base = "autosave-" + file_safe(preset) + "-" + stamp;
  for (int k = 1;; ++k) {
    fs::path p = fs::path(dir_) / (base + (k > 1 ? "-" + std::to_string(k) : "") + ".ckpt");
    if (!fs::exists(p, ec) && !fs::exists(lock_path(p.string()), ec)) return p.string();
  }
}

int AutosaveStore::prune(const std::string& preset, const std::string& spare) const {
  int kept = 0, removed = 0;
  std::error_code ec;
  for (const Entry& e : list(preset)) {
    const bool is_spare = !spare.empty() && fs::equivalent(e.run.path, spare, ec);
    if (++kept <= kKeepPerPreset || is_spare || e.in_use) continue;
    if (fs::remove(e.run.path, ec)) ++removed;
  }
  return removed;
}

}  // namespace ganscope::train
