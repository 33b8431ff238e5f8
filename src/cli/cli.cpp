#include "cli/cli.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "data/dataset.h"
#include "data/idx.h"
#include "cli/run_folder.h"
#include "train/checkpoint.h"
#include "train/conditioning.h"

namespace ganscope::cli {

static const char* kUsage =
    "usage: ganscope [gui] [--preset P | --config F] [--data D] [--set KEY=VALUE ...]\n"
    "                [--screenshot PNG --frames N]\n"
    "       ganscope train [--preset P | --config F] [--data D] [--set KEY=VALUE ...] --steps N\n"
    "                      [--seed S] [--threads T] --out RUN\n"
    "       ganscope sample (--run RUN | --checkpoint F) --n N --out FILE.idx|FILE.csv\n"
    "                       [--overwrite] [--seed S]\n"
    "       ganscope bench --preset P [--steps N] [--threads T] [--batch B] [--set KEY=VALUE ...]\n"
    "       ganscope fcd (--run RUN | --checkpoint F | --samples FILE.idx) [--n N]\n"
    "       ganscope export --run RUN (--timelapse OUT.gif | --walk I,J --out OUT.gif|OUT.png)\n"
    "       ganscope lesson NAME | --list   (a guided run in the window)\n"
    "Each command takes --help.\n";

int report_error(const std::string& command, const std::exception& e) {
  std::cerr << "ganscope " << command << ": " << e.what() << "\n";
  return dynamic_cast<const UsageError*>(&e) ? 2 : 1;
}

io::Replace check_output(const Args& a, const std::string& out, const std::string& run_dir) {
  if (is_run_file(out, run_dir))
    throw UsageError(out + " is one of a run's own files; ganscope never writes over them, choose another --out");
  std::error_code ec;
  const bool overwrite = a.has("overwrite");
  if (!overwrite && std::filesystem::exists(out, ec))
    throw UsageError(out + " already exists; pass --overwrite to replace it");
  // Without --overwrite the rename itself refuses a file made meanwhile.
  return overwrite ? io::Replace::Yes : io::Replace::No;
}

int wanted_class(const Args& a, const train::Trainer& trainer) {
  if (!a.has("class")) return -1;
  const std::string wanted = a.required("class");
  if (trainer.classes() == 0)
    throw UsageError("--class " + wanted + ": this model is not conditional (its config has no 'conditional')");
  const int k = train::find_class(trainer.class_names(), wanted);
  if (k >= 0) return k;
  std::string list;
  for (std::size_t i = 0; i < trainer.class_names().size(); ++i)
    list += (i ? ", " : "") + std::to_string(i) + " " + trainer.class_names()[i];
  throw UsageError("--class " + wanted + ": no such class; the model's classes are " + list);
}

void declare_config_options(Args& a) {
  a.option("preset").option("config").option("data").repeatable("set");
}

void apply_settings(const Args& a, train::Config& c) {
  for (const std::string& kv : a.all("set")) c = train::apply_setting(c, kv);
}

ResolvedConfig resolve_config(const Args& a) {
  if (a.has("preset") && a.has("config")) throw UsageError("give --preset or --config, not both");
  ResolvedConfig r;
  std::string data = a.text("data");
  if (a.has("config")) {
    r.config = train::load_config_file(a.required("config"));
  } else if (a.has("preset")) {
    r.config = train::load_preset(a.required("preset"));
  } else if (!data.empty()) {
    const bool points = data::is_builtin_2d(data) ||
                        (data.size() > 4 && data.compare(data.size() - 4, 4, ".csv") == 0);
    // A folder of pictures: the convolutional model that takes their colours, at 32x32.
    const bool pictures = !points && data::looks_like_image_folder(data) && !data::has_idx_images(data);
    r.config = train::load_preset(points ? "ring" : pictures ? "dcgan32" : "mlp");
  } else if (std::filesystem::is_directory(train::fashion_mnist_dir())) {
    r.config = train::load_preset("mlp");
  } else {
    r.config = train::load_preset("ring");
    r.notice = "Fashion-MNIST is not installed (" + train::fashion_mnist_dir() + "; Debian package " +
               train::kFashionMnistPackage + "), so this is the built-in 2D ring";
  }
  if (!data.empty()) r.config.data = data;
  apply_settings(a, r.config);
  return r;
}

bool SavedGenerator::makes_images() const {
  return rows > 0 && cols > 0 && channels * rows * cols == trainer->output_dim();
}

SavedGenerator load_saved_generator(const Args& a) {
  const std::string path = a.has("run")
      ? (std::filesystem::path(a.required("run")) / "checkpoint").string()
      : a.required("checkpoint");
  train::CheckpointReader reader(path);
  SavedGenerator g;
  std::istringstream shape(reader.get("data_shape"));
  shape >> g.rows >> g.cols;
  if (!(shape >> g.channels) || (g.channels != 1 && g.channels != 3)) g.channels = 1;
  const train::SampleShape image = {g.channels, g.rows, g.cols};
  g.trainer = std::make_unique<train::Trainer>(train::parse_config(reader.get("config"), path), nullptr,
                                               nullptr, g.rows > 0 && g.cols > 0 ? image : train::SampleShape{});
  g.trainer->load(reader, path);  // the file is read once
  return g;
}

int main_cli(int argc, char** argv) {
  std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "train") return train_command(argc, argv);
  if (cmd == "sample") return sample_command(argc, argv);
  if (cmd == "bench") return bench_command(argc, argv);
  if (cmd == "fcd") return fcd_command(argc, argv);
  if (cmd == "export") return export_command(argc, argv);
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << "ganscope: unknown command '" << cmd << "' (see ganscope --help)\n";
  return 2;
}

}  // namespace ganscope::cli
