// A run's description: data, model architecture, hyperparameters. Presets are JSON files in
// assets/presets/ compiled into the binary; --config reads the same format from a file.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "train/hyper.h"

namespace ganscope::train {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One layer of G or D (JSON: {"type": ..., fields}). Shapes are checked when the model is built
// (see network_builder.h): a sample is either flat features or an image C x H x W.
//   linear (units [, spectral_norm])        any input (an image is read flat) -> units
//   conv (out_channels, kernel [, stride 1, padding 0, spectral_norm])     image -> image
//   conv_transpose (out_channels, kernel [, stride 1, padding 0])          image -> image
//   batch_norm                  BatchNorm1d over flat features, BatchNorm2d over an image
//   layer_norm                  LayerNorm over each sample's whole shape (flat or image)
//   reshape (shape [c, h, w])   flat or image -> image of the same size
//   flatten                     image -> flat
//   dropout ([p 0.5]), maxout (pieces), leaky_relu ([slope 0.2]), relu, tanh, sigmoid
// A field that a type does not use keeps its default and is neither read nor written.
struct LayerSpec {
  std::string type;
  int units = 0;                 // linear
  float slope = 0.2f;            // leaky_relu
  int out_channels = 0;          // conv, conv_transpose
  int kernel = 0;
  int stride = 1;
  int padding = 0;
  std::vector<int> shape;        // reshape: {c, h, w}
  double p = 0.5;                // dropout
  int pieces = 0;                // maxout
  bool spectral_norm = false;    // linear, conv
};

struct Config {
  std::string name;                 // preset name or config file stem
  std::string description;
  std::string data;                 // a folder of IDX files, or a built-in 2D set ("ring8")
  // Parameters of a built-in 2D distribution overriding the name's defaults: modes, side,
  // radius, spacing, std, turns, length, noise, layout_seed (see data/mixtures.h).
  std::map<std::string, double> data_params;
  int batch = 64;
  int latent_dim = 100;
  std::string latent = "gaussian";  // z ~ N(0, 1), or "uniform" on [-1, 1]
  std::vector<LayerSpec> generator;       // last layer's output size must match the data
  std::vector<LayerSpec> discriminator;   // ends in a single logit
  Hyper hyper;
  // How the weights start (train/weight_init.h): "normal_0.02" or "torch_default". A config
  // without the key (and every checkpoint from before it) means normal_0.02, as they ran.
  std::string init = "normal_0.02";
  std::uint64_t seed = 1;
  int grid = 64;                    // fixed latents shown in the sample grid
  // Real examples kept from training, on which D's scores are compared with its scores on
  // training examples (data/training_split.h): -1 the data folder's test split when it has
  // one, 0 none, N the data's last N examples. train_size N > 0 trains on the first N
  // examples only (a small data set, which D overfits: lesson 5).
  int holdout = -1;
  int train_size = 0;
  // A folder of pictures (data/image_folder.h) is resized to image_size (0: the generator's
  // output size) and read as image_channels: "auto" (the generator's channels, or for a last
  // conv_transpose of out_channels 0, RGB when any image has colour), "grey" or "rgb".
  int image_size = 0;
  std::string image_channels = "auto";
  // Class-conditional (train/conditioning.h): G reads [z; one-hot label]; D reads the label as
  // `conditioning` says: "planes", a plane per class appended to the sample, or "projection",
  // v_y . phi(x) added to D's output. classes is the data's class count, recorded when the
  // trainer starts (0 until then) so that a checkpoint's model generates by class without its data.
  bool conditional = false;
  std::string conditioning = "planes";
  int classes = 0;
  std::vector<std::string> class_names;  // classes of them, recorded with classes
};

std::vector<std::string> preset_names();
Config load_preset(const std::string& name);       // throws ConfigError for an unknown name
Config load_config_file(const std::string& path);  // throws ConfigError naming the file
Config parse_config(const std::string& json_text, const std::string& source);
// c with one top-level key set from "KEY=VALUE" (--set), read by parse_config as if the
// file had said so: VALUE is JSON when it parses as JSON (1e-4, true, [1, 2]), else a string
// (hinge). Throws ConfigError naming the setting: "--set lr_d=-1: 'lr_d' is -1, outside ...".
Config apply_setting(const Config& c, const std::string& key_value);
// The config keys of Hyper's fields: the settings that change while a run goes on.
const std::set<std::string>& hyper_keys();
// h with settings (a JSON object of hyper_keys(), {"objective": "wgan-gp", "lr_d": 1e-4})
// applied at once, read as parse_config reads a file: ranges are checked, and a game played
// with a regulariser brings its usual weight unless the settings give one or it is on already
// (objective wgan-gp: gp 10). Whether packing divides a batch is validate(h, batch)'s to say.
// Throws ConfigError naming source and the key: "x.json, event 2: 'lr_d' is 0, outside ...".
Hyper apply_hyper_settings(const Hyper& h, const std::string& settings, const std::string& source);
// The settings of after that differ from before's, as the JSON object apply_hyper_settings
// reads ("{}" when none do): apply_hyper_settings(before, it) gives after.
std::string hyper_changes_json(const Hyper& before, const Hyper& after);
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
