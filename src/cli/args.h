// A small, strict command-line parser: every option is declared, so an unknown or malformed
// one is a usage error rather than something silently ignored.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ganscope::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Args {
 public:
  // Declares "--name VALUE" (takes_value) or a bare "--name" flag.
  Args& option(const std::string& name, bool takes_value = true);
  // Declares "--name VALUE" that may be given any number of times (--set K=V --set K2=V2).
  Args& repeatable(const std::string& name);
  // Parses argv[first..argc); throws UsageError for unknown options or missing values.
  void parse(int argc, char** argv, int first);

  bool has(const std::string& name) const { return values_.count(name) > 0; }
  // Every value of a repeatable option, in the order given.
  std::vector<std::string> all(const std::string& name) const;
  std::string text(const std::string& name, const std::string& fallback = "") const;
  std::string required(const std::string& name) const;
  // Whole numbers in [lo, hi]; "--steps -5" or "--steps 1e3" is a usage error.
  std::int64_t integer(const std::string& name, std::int64_t fallback, std::int64_t lo,
                       std::int64_t hi) const;
  // Finite numbers in [lo, hi].
  double number(const std::string& name, double fallback, double lo, double hi) const;

 private:
  std::map<std::string, bool> declared_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> repeated_;
};

}  // namespace ganscope::cli
