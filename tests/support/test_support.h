// Helpers shared by the tests: scratch folders and running the ganscope binary.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>
#include <vector>

namespace ganscope::testing {

// A fresh empty folder under the system temp dir, unique per call.
std::string make_temp_dir(const std::string& tag);

// Writes bytes to a file (creating it), throwing on failure.
void write_file(const std::string& path, const std::string& bytes);
std::string read_file(const std::string& path);
// The names in a folder, hidden ones too, sorted.
std::vector<std::string> names_in(const std::string& dir);

struct CommandResult {
  int exit_code = -1;   // the process's exit status, or 128 + signal when it was killed
  std::string out;      // stdout
  std::string err;      // stderr
};
// Runs a shell command line, capturing stdout and stderr.
CommandResult run_command(const std::string& command_line);

// Starts args[0] with args, stdout and stderr to /dev/null, without waiting; -1 on failure.
pid_t spawn_quiet(const std::vector<std::string>& args);

// The path of the ganscope binary under test and of the source tree.
std::string ganscope_bin();
std::string source_dir();

}  // namespace ganscope::testing
