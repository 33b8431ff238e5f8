#include "cli/args.h"

#include <charconv>
#include <cstdlib>

namespace ganscope::cli {

namespace {

// A bound as short as it reads back exactly ("0.0001", "1e+06"), not std::to_string's
// "0.000100".
std::string shortest(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace

Args& Args::option(const std::string& name, bool takes_value) {
  declared_[name] = takes_value;
  return *this;
}

Args& Args::repeatable(const std::string& name) {
  declared_[name] = true;
  repeated_[name];
  return *this;
}

std::vector<std::string> Args::all(const std::string& name) const {
  auto it = repeated_.find(name);
  return it == repeated_.end() ? std::vector<std::string>() : it->second;
}

void Args::parse(int argc, char** argv, int first) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) throw UsageError("unexpected argument '" + a + "'");
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    auto it = declared_.find(name);
    if (it == declared_.end()) throw UsageError("unknown option '--" + name + "'");
    if (it->second && !inline_value) {
      if (i + 1 >= argc) throw UsageError("'--" + name + "' needs a value");
      value = argv[++i];
    } else if (!it->second && inline_value) {
      throw UsageError("'--" + name + "' takes no value");
    }
    if (auto r = repeated_.find(name); r != repeated_.end()) r->second.push_back(value);
    else if (values_.count(name)) throw UsageError("'--" + name + "' given twice");
    values_[name] = value;
  }
}

std::string Args::text(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

std::string Args::required(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) throw UsageError("'--" + name + "' is required");
  return it->second;
}

std::int64_t Args::integer(const std::string& name, std::int64_t fallback, std::int64_t lo,
                           std::int64_t hi) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& s = it->second;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi)
    throw UsageError("'--" + name + "' must be a whole number from " + std::to_string(lo) +
                     " to " + std::to_string(hi) + ", not '" + s + "'");
  return v;
}

double Args::number(const std::string& name, double fallback, double lo, double hi) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& s = it->second;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(v >= lo && v <= hi))
    throw UsageError("'--" + name + "' must be a number from " + shortest(lo) + " to " +
                     shortest(hi) + ", not '" + s + "'");
  return v;
}

}  // namespace ganscope::cli
