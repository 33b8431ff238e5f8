// A run's description: data, model architecture, hyperparameters. Presets are JSON files in
// assets/presets/ compiled into the binary; --config reads the same format from a file.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "train/hyper.h"

namespace ganscope::train {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One layer of an MLP: "linear" (units), "leaky_relu" (slope), "relu", "tanh", "sigmoid".
struct LayerSpec {
  std::string type;
  int units = 0;
  float slope = 0.2f;
};

struct Config {
  std::string name;                 // preset name or config file stem
  std::string description;
  std::string data;                 // a folder of IDX files, or a built-in 2D set ("ring8")
  int batch = 64;
  int latent_dim = 100;
  std::string latent = "gaussian";  // z ~ N(0, 1), or "uniform" on [-1, 1]
  std::vector<LayerSpec> generator;       // last layer's output size must match the data
  std::vector<LayerSpec> discriminator;   // ends in a single logit
  Hyper hyper;
  std::string optimizer = "adam";   // "adam" or "sgd" (momentum = beta1)
  std::uint64_t seed = 1;
  int grid = 64;                    // fixed latents shown in the sample grid
};

std::vector<std::string> preset_names();
Config load_preset(const std::string& name);       // throws ConfigError for an unknown name
Config load_config_file(const std::string& path);  // throws ConfigError naming the file
Config parse_config(const std::string& json_text, const std::string& source);
// The config as JSON text in the same format (checkpoints embed it).
std::string to_json(const Config& c);
// The layer lists and latent size: two configs with the same architecture can share weights.
bool same_architecture(const Config& a, const Config& b);

// The default data: Debian's dataset-fashion-mnist folder.
constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
constexpr const char* kFashionMnistPackage = "dataset-fashion-mnist";
// kFashionMnistDir, or the folder in the environment variable GANSCOPE_FASHION_MNIST_DIR
// (tests point it at a missing folder). Presets naming kFashionMnistDir get this instead.
std::string fashion_mnist_dir();

}  // namespace ganscope::train
