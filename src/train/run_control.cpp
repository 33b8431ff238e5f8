#include "train/run_control.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "io/atomic_file.h"

namespace ganscope::train {

using nlohmann::json;

constexpr std::size_t kMaxControlBytes = 64 * 1024;

ControlOrders parse_control(const std::string& text, const std::string& source) {
  if (text.size() > kMaxControlBytes) throw std::runtime_error(source + ": larger than 64 KB, not a control file");
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw std::runtime_error(source + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object()) throw std::runtime_error(source + ": must be an object, e.g. {\"seq\": 1, \"settings\": {\"lr_d\": 1e-4}}");
  ControlOrders o;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "seq" || key == "save" || key == "alive") {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
        throw std::runtime_error(source + ": '" + key + "' must be a count (an integer from 0)");
      (key == "seq" ? o.seq : key == "save" ? o.save : o.alive) = v.get<std::int64_t>();
    } else if (key == "refresh") {
      if (!v.is_number() || !(v.get<double>() == 0 || (v.get<double>() >= kMinRefreshSeconds && v.get<double>() <= 1e6)))
        throw std::runtime_error(source + ": 'refresh' must be 0 (off) or seconds from " +
                                 std::to_string(int(kMinRefreshSeconds)) + " to 1e6");
      o.refresh = v.get<double>();
    } else if (key == "paused") {
      if (!v.is_boolean()) throw std::runtime_error(source + ": 'paused' must be true or false");
      o.paused = v.get<bool>();
    } else if (key == "settings") {
      if (!v.is_object()) throw std::runtime_error(source + ": 'settings' must be an object of settings");
      o.settings = v.dump();
    } else {
      throw std::runtime_error(source + ": unknown key '" + key + "' (known: seq, settings, paused, save, refresh, alive)");
    }
  }
  return o;
}

std::string control_json(const ControlOrders& o) {
  json j;
  j["seq"] = o.seq;
  j["settings"] = json::parse(o.settings);
  j["paused"] = o.paused;
  j["save"] = o.save;
  if (o.refresh > 0) j["refresh"] = o.refresh;
  if (o.alive > 0) j["alive"] = o.alive;
  return j.dump(2) + "\n";
}

namespace {
// At most 64 KB and a byte of the file: parse_control refuses a longer one by its size, and
// nothing larger is read into memory.
std::string read_control_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text(kMaxControlBytes + 1, '\0');
  in.read(text.data(), std::streamsize(text.size()));
  text.resize(std::size_t(std::max<std::streamsize>(0, in.gcount())));
  return text;
}
}  // namespace

ControlSender::ControlSender(std::string path) : path_(std::move(path)) { catch_up(true); }

// The file's orders now: another window steering the same run may have counted on.
void ControlSender::catch_up(bool first) {
  std::ifstream probe(path_, std::ios::binary);
  if (!probe) return;
  const std::string text = read_control_text(path_);
  try {
    const ControlOrders there = parse_control(text, path_);
    if (first) orders_ = there;
    orders_.seq = std::max(orders_.seq, there.seq);
    orders_.save = std::max(orders_.save, there.save);
    orders_.alive = std::max(orders_.alive, there.alive);
  } catch (const std::exception&) {
    if (!first) return;
    // A damaged file is replaced at the first change. Its counts are lost, and a trainer acts
    // only on counts above the ones it has seen: they go on from the clock's seconds, above
    // any count of changes made by hand.
    orders_ = ControlOrders{};
    orders_.seq = orders_.save = orders_.alive = std::int64_t(std::time(nullptr));
  }
}

void ControlSender::send_settings(const std::string& settings) {
  if (settings == "{}") return;
  catch_up(false);
  ++orders_.seq;
  orders_.settings = settings;
  write();
}

void ControlSender::set_paused(bool paused) {
  orders_.paused = paused;
  write();
}

void ControlSender::ask_save() {
  catch_up(false);
  ++orders_.save;
  write();
}

void ControlSender::set_refresh(double seconds) {
  orders_.refresh = seconds;
  write();
}

void ControlSender::keep_alive() {
  catch_up(false);
  ++orders_.alive;
  write();
}

void RefreshLease::update(const ControlOrders& o, Clock::time_point now) {
  if (o.refresh != refresh_ || o.alive != alive_) renewed_ = now;
  refresh_ = o.refresh;
  alive_ = o.alive;
}

bool RefreshLease::lapsed(Clock::time_point now) const {
  return refresh_ > 0 && alive_ > 0 &&
         std::chrono::duration<double>(now - renewed_).count() > kRefreshLeaseSeconds;
}

double RefreshLease::seconds(Clock::time_point now) const { return lapsed(now) ? 0 : refresh_; }

void ControlSender::write() { io::write_file_atomically(path_, control_json(orders_)); }

bool ControlFile::changed(std::string& text) {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  const std::int64_t mtime = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  if (mtime == mtime_ns_ && std::int64_t(st.st_size) == size_) return false;
  text = read_control_text(path_);
  mtime_ns_ = mtime;
  size_ = std::int64_t(st.st_size);
  return true;
}

}  // namespace ganscope::train
