// The window's exports without a window (app/exports.h): names after the run and step, never
// over a file that is there, the folder chosen from HOME, and a failed write reported.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "app/exports.h"

using namespace ganscope::app;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& tag) {
  const fs::path p = fs::temp_directory_path() / ("ganscope-exports-test-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

TEST(Exports, NamesAreTheRunsAndNeverAFileThatIsThere) {
  EXPECT_EQ(export_stem("mlp", 1200, "timelapse"), "mlp-step1200-timelapse");
  EXPECT_EQ(export_stem("my run/2", 5, "a b"), "my-run-2-step5-a-b");
  const fs::path dir = scratch("names");
  EXPECT_EQ(fresh_path(dir.string(), "x", "png"), (dir / "x.png").string());
  std::ofstream(dir / "x.png") << "precious";
  std::ofstream(dir / "x-2.png") << "precious";
  EXPECT_EQ(fresh_path(dir.string(), "x", "png"), (dir / "x-3.png").string());
  fs::remove_all(dir);
}

TEST(Exports, GoToPicturesWhenThereIsSuchAFolder) {
  const fs::path home = scratch("home");
  const char* old = std::getenv("HOME");
  const std::string saved = old ? old : "";
  ::setenv("HOME", home.c_str(), 1);
  EXPECT_EQ(export_folder(), (home / "ganscope-exports").string());
  fs::create_directories(home / "Pictures");
  EXPECT_EQ(export_folder(), (home / "Pictures" / "ganscope").string());

  Exports exports;
  exports.set_run("ring", 400);
  exports.start(exports.stem("grid"), "txt", [](const std::string& path) { std::ofstream(path) << "ok"; });
  exports.wait();
  EXPECT_EQ(exports.last_path(), (home / "Pictures" / "ganscope" / "ring-step400-grid.txt").string());
  EXPECT_EQ(exports.last_error(), "");
  exports.start("broken", "gif", [](const std::string&) { throw std::runtime_error("the disk is full"); });
  exports.wait();
  EXPECT_EQ(exports.last_path(), "");
  EXPECT_EQ(exports.last_error(), "the disk is full");
  EXPECT_EQ(exports.finished(), 2);
  if (old) ::setenv("HOME", saved.c_str(), 1);
  else ::unsetenv("HOME");
  fs::remove_all(home);
}

}  // namespace
