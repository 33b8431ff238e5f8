#include "cli/run_folder.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "io/atomic_file.h"
#include "train/run_files.h"
#include "train/run_id.h"

namespace ganscope::cli {

namespace fs = std::filesystem;

namespace {

const char* const kRunFileNames[] = {train::kCheckpointFile, train::kMetricsFile, train::kLayersFile,
                                     train::kSamplesFile,    train::kLockFile,    train::kRunIdFile,
                                     train::kConfigFile,     train::kFramesFile,  train::kControlFile,
                                     train::kStatesDir};

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::equivalent(a, b, ec)) return true;  // both exist: hard links and symlinks too
  const fs::path ca = fs::weakly_canonical(a, ec);
  if (ec) return false;
  const fs::path cb = fs::weakly_canonical(b, ec);
  return !ec && ca == cb;
}

bool is_file_of(const fs::path& path, const fs::path& dir) {
  for (const char* name : kRunFileNames)
    if (same_file(path, dir / name)) return true;
  return false;
}

}  // namespace

RunFolder::RunFolder(const std::string& d)
    : dir(d),
      checkpoint((fs::path(d) / train::kCheckpointFile).string()),
      metrics((fs::path(d) / train::kMetricsFile).string()),
      layers((fs::path(d) / train::kLayersFile).string()),
      samples((fs::path(d) / train::kSamplesFile).string()),
      lock((fs::path(d) / train::kLockFile).string()),
      run_id((fs::path(d) / train::kRunIdFile).string()),
      config((fs::path(d) / train::kConfigFile).string()),
      frames((fs::path(d) / train::kFramesFile).string()),
      control((fs::path(d) / train::kControlFile).string()),
      states((fs::path(d) / train::kStatesDir).string()) {}

std::string read_folder_run_id(const RunFolder& run) {
  std::ifstream f(run.run_id);
  if (!f) return "";
  std::string id;
  std::getline(f, id);
  if (!train::is_valid_run_id(id))
    throw std::runtime_error(run.run_id + " does not hold a run id (32 hex digits)");
  return id;
}

void write_folder_run_id(const RunFolder& run, const std::string& id) {
  io::write_file_atomically(run.run_id, id + "\n");
}

void write_folder_config(const RunFolder& run, const train::Config& c) {
  train::Config resolved = c;
  std::error_code ec;
  if (!resolved.data.empty() && fs::path(resolved.data).is_relative() && fs::exists(resolved.data, ec))
    resolved.data = fs::absolute(resolved.data, ec).lexically_normal().string();
  io::write_file_atomically(run.config, train::to_json(resolved));
}

bool is_run_file(const std::string& path, const std::string& run_dir) {
  if (!run_dir.empty() && is_file_of(path, run_dir)) return true;
  const fs::path parent = fs::path(path).has_parent_path() ? fs::path(path).parent_path() : fs::path(".");
  std::error_code ec;
  const bool holds_run = fs::exists(parent / "checkpoint", ec) || fs::exists(parent / "run-id", ec);
  return holds_run && is_file_of(path, parent);
}

}  // namespace ganscope::cli
