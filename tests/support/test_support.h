// Helpers shared by the tests: scratch folders, files, error messages and running the ganscope
// binary. A helper that two test files need lives here (or in another header of this folder):
// each test executable is a unity build, in which the files' anonymous namespaces are one.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace ganscope::testing {

// A fresh empty folder under the system temp dir, unique per call.
std::string make_temp_dir(const std::string& tag);

// A fresh folder (make_temp_dir(tag)), removed with everything in it when the test is done.
struct TempDir {
  explicit TempDir(const std::string& tag);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string path;
};

// Writes bytes to a file (creating it), throwing on failure.
void write_file(const std::string& path, const std::string& bytes);
std::string read_file(const std::string& path);
// The names in a folder, hidden ones too, sorted.
std::vector<std::string> names_in(const std::string& dir);

// The number of lines of text (its '\n's): a one-line message counts 1.
int line_count(const std::string& text);
// The comma-separated fields of a CSV line without quoting (as metrics.csv's rows).
std::vector<std::string> csv_fields(const std::string& line);
// v as 4 big-endian bytes, as IDX headers store their numbers.
std::string be32(std::uint32_t v);

// Whether text contains part; on failure gtest prints both.
::testing::AssertionResult has(const std::string& text, const std::string& part);

// The message of the E that fn() throws, checked to be one line that names the file (starts
// with "path: "); "" and a failure when fn() throws nothing.
template <class E, class F>
std::string one_line_error(F fn, const std::string& path) {
  try {
    fn();
  } catch (const E& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    EXPECT_EQ(msg.rfind(path + ": ", 0), 0u) << msg;
    return msg;
  }
  ADD_FAILURE() << "no error for " << path;
  return "";
}

// ln 2: the JS divergence of two distributions without mass in common (in nats).
inline const double kLog2 = std::log(2.0);

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

// Polls cond every 10 ms until it holds or `seconds` pass (sanitizer builds on a busy machine
// are slow); whether it held.
template <typename F>
bool eventually(F cond, double seconds = 60) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!cond()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace ganscope::testing
