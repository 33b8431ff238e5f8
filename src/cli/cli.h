// The headless commands (docs/design.md, "Command line"): train, sample, bench, fcd and export. They use train/,
// never app/. Every failure prints one line on stderr and returns non-zero:
// 2 for a usage error, 1 for anything else.
#pragma once

#include <memory>
#include <string>

#include "cli/args.h"
#include "io/atomic_file.h"
#include "train/config.h"
#include "train/trainer.h"

namespace ganscope::cli {

int main_cli(int argc, char** argv);

int train_command(int argc, char** argv);
int sample_command(int argc, char** argv);
int bench_command(int argc, char** argv);
int fcd_command(int argc, char** argv);
int export_command(int argc, char** argv);

// --preset P | --config F, --data D, and --set KEY=VALUE (any config key, repeatable).
void declare_config_options(Args& a);
// Each --set in turn, through the config reader (train::apply_setting): a bad key or value
// is a ConfigError naming the setting.
void apply_settings(const Args& a, train::Config& c);
struct ResolvedConfig {
  train::Config config;
  std::string notice;  // set when the default fell back to the 2D ring
};
// Then the --set settings. With neither --preset nor --config: mlp on Fashion-MNIST when the Debian package is
// installed, else the 2D ring (with a notice saying why).
ResolvedConfig resolve_config(const Args& a);

// A saved run's generator, for sample and fcd: --run RUN (RUN/checkpoint) or --checkpoint F,
// and the data's image size (0 x 0 for 2D points).
struct SavedGenerator {
  std::unique_ptr<train::Trainer> trainer;
  int rows = 0, cols = 0, channels = 1;  // its images: channels planes of rows x cols
  bool makes_images() const;
};
SavedGenerator load_saved_generator(const Args& a);

// A command's --out: never one of a run's own files (run_dir's, or those of the folder out is
// in when that holds a run), nor an existing file without --overwrite (UsageError). Returns
// how the atomic write treats a file made meanwhile.
io::Replace check_output(const Args& a, const std::string& out, const std::string& run_dir);

// --class C (a name or a number) as a class number, -1 without it; a UsageError for a model
// that is not conditional, or listing the classes for one that is not there.
int wanted_class(const Args& a, const train::Trainer& trainer);

// OpenMP and Eigen threads for this process's training.
void set_threads(int threads);

// Runs fn, turning exceptions into one line on stderr and an exit code.
template <typename Fn>
int guarded(const std::string& command, Fn fn);
int report_error(const std::string& command, const std::exception& e);

template <typename Fn>
int guarded(const std::string& command, Fn fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return report_error(command, e);
  }
}

}  // namespace ganscope::cli
