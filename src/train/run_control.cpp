#include "train/run_control.h"

#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace ganscope::train {

using nlohmann::json;

ControlOrders parse_control(const std::string& text, const std::string& source) {
  if (text.size() > 64 * 1024) throw std::runtime_error(source + ": larger than 64 KB, not a control file");
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
    if (key == "seq" || key == "save") {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
        throw std::runtime_error(source + ": '" + key + "' must be a count (an integer from 0)");
      (key == "seq" ? o.seq : o.save) = v.get<std::int64_t>();
    } else if (key == "paused") {
      if (!v.is_boolean()) throw std::runtime_error(source + ": 'paused' must be true or false");
      o.paused = v.get<bool>();
    } else if (key == "settings") {
      if (!v.is_object()) throw std::runtime_error(source + ": 'settings' must be an object of settings");
      o.settings = v.dump();
    } else {
      throw std::runtime_error(source + ": unknown key '" + key + "' (known: seq, settings, paused, save)");
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
  return j.dump(2) + "\n";
}

bool ControlFile::changed(std::string& text) {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  const std::int64_t mtime = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  if (mtime == mtime_ns_ && std::int64_t(st.st_size) == size_) return false;
  if (st.st_size > 64 * 1024) {
    text.assign(std::size_t(64 * 1024 + 1), ' ');  // parse_control refuses it by its size
  } else {
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
  }
  mtime_ns_ = mtime;
  size_ = std::int64_t(st.st_size);
  return true;
}

}  // namespace ganscope::train
