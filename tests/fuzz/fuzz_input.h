// Shared by the libFuzzer targets: the readers under test take a path, so each input is
// written to a file first. The file is this process's own (/tmp/ganscope-fuzz-<target>-<pid>),
// so fuzzers run side by side (-jobs, -fork, several targets at once) never share one, and it
// is removed after each input.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace ganscope::fuzz {

class InputFile {
 public:
  InputFile(const char* target, const std::uint8_t* data, std::size_t size)
      : path_("/tmp/ganscope-fuzz-" + std::string(target) + "-" + std::to_string(::getpid())) {
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    if (!f || std::fwrite(data, 1, size, f) != size || std::fclose(f) != 0) {
      std::perror(path_.c_str());  // the harness's fault, not the reader's: stop loudly
      std::abort();
    }
  }
  ~InputFile() { std::remove(path_.c_str()); }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A broken invariant of a reader that returned normally: print it and crash, so libFuzzer
// keeps the input.
[[noreturn]] inline void invariant_failed(const char* what) {
  std::fprintf(stderr, "ganscope fuzz: invariant broken: %s\n", what);
  std::abort();
}

}  // namespace ganscope::fuzz
