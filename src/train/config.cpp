#include "train/config.h"

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "data/input_file.h"
#include "train/d_regulariser.h"
#include "train/presets_data.h"
#include "train/weight_init.h"

namespace ganscope::train {

using nlohmann::json;

namespace {

// A config of 256 layers per network is a few tens of kB: a larger file is no config, and is
// refused from its size before it is read.
constexpr std::uint64_t kMaxConfigBytes = 1'000'000;

// Builds the document as json::parse does, keeping each decimal number's text as written, so
// that a message quotes "1e-10" or "0.99990001" rather than what the double prints as.
class SpellingSax : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  SpellingSax(json& root, std::map<double, std::string>& spellings)
      : json_sax_dom_parser(root), spellings_(spellings) {}
  bool number_float(json::number_float_t v, const json::string_t& text) {
    spellings_.emplace(v, text);
    return json_sax_dom_parser::number_float(v, text);
  }

 private:
  std::map<double, std::string>& spellings_;
};

// Every check names the source and the key, so a user can find the fault in their file.
struct Reader {
  const json& j;
  std::string source;
  const std::map<double, std::string>& spellings;

  // A number as the user wrote it (whole numbers print as written anyway).
  std::string spelled(const json& v) const {
    if (v.is_number_float())
      if (auto it = spellings.find(v.get<double>()); it != spellings.end()) return it->second;
    return v.dump();
  }

  [[noreturn]] void fail(const std::string& what) const { throw ConfigError(source + ": " + what); }

  void no_unknown_keys(const json& obj, const std::set<std::string>& known,
                       const std::string& where) const {
    for (auto it = obj.begin(); it != obj.end(); ++it)
      if (!known.count(it.key())) fail("unknown key '" + it.key() + "'" + where);
  }

  double number(const json& obj, const std::string& key, double fallback, double lo, double hi,
                const std::string& where = "") const {
    if (!obj.contains(key)) return fallback;
    const json& v = obj.at(key);
    if (!v.is_number()) fail("'" + key + "'" + where + " must be a number");
    double x = v.get<double>();
    if (!(x >= lo && x <= hi)) {
      std::ostringstream s;
      s << "'" << key << "'" << where << " is " << spelled(v) << ", outside " << lo << " .. " << hi;
      fail(s.str());
    }
    return x;
  }

  int integer(const json& obj, const std::string& key, int fallback, int lo, int hi,
              const std::string& where = "") const {
    if (obj.contains(key) && !obj.at(key).is_number_integer())
      fail("'" + key + "'" + where + " must be a whole number" +
           (obj.at(key).is_number() ? ", not " + spelled(obj.at(key)) : ""));
    return int(number(obj, key, fallback, lo, hi, where));
  }

  std::string text(const json& obj, const std::string& key, const std::string& fallback) const {
    if (!obj.contains(key)) return fallback;
    if (!obj.at(key).is_string()) fail("'" + key + "' must be a string");
    return obj.at(key).get<std::string>();
  }

  bool flag(const json& obj, const std::string& key, bool fallback, const std::string& where) const {
    if (!obj.contains(key)) return fallback;
    if (!obj.at(key).is_boolean()) fail("'" + key + "'" + where + " must be true or false");
    return obj.at(key).get<bool>();
  }

  LayerSpec layer(const json& l, const std::string& where) const {
    LayerSpec spec;
    spec.type = l["type"].get<std::string>();
    const std::string& t = spec.type;
    auto need = [&](const char* key) {
      if (!l.contains(key)) fail(std::string("'") + key + "' missing" + where);
    };
    if (t == "linear") {
      no_unknown_keys(l, {"type", "units", "spectral_norm"}, where);
      need("units");
      spec.units = integer(l, "units", 0, 1, 65536, where);
      spec.spectral_norm = flag(l, "spectral_norm", false, where);
    } else if (t == "conv" || t == "conv_transpose") {
      if (t == "conv")
        no_unknown_keys(l, {"type", "out_channels", "kernel", "stride", "padding", "spectral_norm"},
                        where);
      else if (l.contains("spectral_norm"))
        fail("'spectral_norm'" + where + " is not supported on conv_transpose (only linear and conv)");
      else
        no_unknown_keys(l, {"type", "out_channels", "kernel", "stride", "padding"}, where);
      need("out_channels");
      need("kernel");
      // A conv_transpose of out_channels 0 makes the data's channels (grey or RGB images).
      spec.out_channels = integer(l, "out_channels", 0, t == "conv" ? 1 : 0, 4096, where);
      spec.kernel = integer(l, "kernel", 0, 1, 32, where);
      spec.stride = integer(l, "stride", 1, 1, 32, where);
      spec.padding = integer(l, "padding", 0, 0, 32, where);
      spec.spectral_norm = flag(l, "spectral_norm", false, where);
    } else if (t == "reshape") {
      no_unknown_keys(l, {"type", "shape"}, where);
      need("shape");
      const json& d = l.at("shape");
      if (!d.is_array() || d.size() != 3)
        fail("'shape'" + where + " must be a list of 3 whole numbers [channels, height, width]");
      for (std::size_t k = 0; k < 3; ++k) {
        if (!d[k].is_number_integer())
          fail("'shape'" + where + " must be a list of 3 whole numbers [channels, height, width]");
        long long v = d[k].get<long long>();
        if (v < 1 || v > 65536)
          fail("'shape'" + where + " has " + std::to_string(v) + ", outside 1 .. 65536");
        spec.shape.push_back(int(v));
      }
    } else if (t == "dropout") {
      no_unknown_keys(l, {"type", "p"}, where);
      spec.p = number(l, "p", 0.5, 0.0, 0.99, where);
    } else if (t == "maxout") {
      no_unknown_keys(l, {"type", "pieces"}, where);
      need("pieces");
      spec.pieces = integer(l, "pieces", 0, 2, 256, where);
    } else if (t == "leaky_relu") {
      no_unknown_keys(l, {"type", "slope"}, where);
      spec.slope = float(number(l, "slope", 0.2, 0.0, 1.0, where));
    } else if (t == "relu" || t == "tanh" || t == "sigmoid" || t == "batch_norm" ||
               t == "layer_norm" || t == "flatten") {
      no_unknown_keys(l, {"type"}, where);
    } else {
      fail("unknown layer type '" + t + "'" + where +
           " (known: linear, conv, conv_transpose, batch_norm, layer_norm, reshape, flatten, "
           "dropout, maxout, leaky_relu, relu, tanh, sigmoid)");
    }
    return spec;
  }

  std::vector<LayerSpec> layers(const std::string& key) const {
    if (!j.contains(key)) fail("missing '" + key + "' (a list of layers)");
    const json& list = j.at(key);
    if (!list.is_array() || list.empty()) fail("'" + key + "' must be a non-empty list of layers");
    if (list.size() > 256) fail("'" + key + "' has " + std::to_string(list.size()) +
                                " layers; the limit is 256");
    std::vector<LayerSpec> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const json& l = list[i];
      std::string where = " in " + key + " layer " + std::to_string(i + 1);
      if (!l.is_object() || !l.contains("type") || !l["type"].is_string())
        fail(key + " layer " + std::to_string(i + 1) + " must be an object with a \"type\"");
      out.push_back(layer(l, where));
    }
    return out;
  }
};

// Hyper's fields, as a config spells them (parse_config reads them with the rest).
Hyper read_hyper(const Reader& r) {
  const json& j = r.j;
  Hyper h;
  // adam, sgd (momentum = beta1) or rmsprop (decay = alpha; no momentum, not centered).
  const std::string optimizer = r.text(j, "optimizer", "adam");
  if (!nn::optimizer_from_name(optimizer, &h.optimizer))
    r.fail("'optimizer' is '" + optimizer + "'; it must be adam, sgd or rmsprop");
  // The lowest rate is 1e-9 rounded to a float (just below 1e-9): rates are kept as floats, and
  // to_json's text (embedded in checkpoints) must parse again.
  constexpr double kMinLr = double(1e-9f);
  h.lr_d = float(r.number(j, "lr_d", 2e-4, kMinLr, 1));
  h.lr_g = float(r.number(j, "lr_g", 2e-4, kMinLr, 1));
  h.beta1 = float(r.number(j, "beta1", 0.5, 0, 0.9999));
  h.beta2 = float(r.number(j, "beta2", 0.999, 0, 0.99999));
  h.alpha = float(r.number(j, "alpha", 0.99, 0, 0.99999));
  h.d_steps = r.integer(j, "d_steps", 1, 1, 100);
  // "loss" is the key of configs and checkpoints from before the objective registry, when
  // the game was BCE and only G's loss could change: its two values are objectives now.
  if (j.contains("loss") && j.contains("objective"))
    r.fail("give 'objective' or the older 'loss', not both");
  const std::string game = r.text(j, j.contains("loss") ? "loss" : "objective", "non-saturating");
  try {
    h.objective = &objective_from_string(game);
  } catch (const std::invalid_argument& e) {
    r.fail(e.what());
  }
  h.clip = float(r.number(j, "clip", 0.01, 1e-6, 10));
  for (const auto& reg : d_regularisers())
    h.*reg.weight = float(r.number(j, reg.name, 0, 0, reg.max_weight));
  // A game played with a regulariser (WGAN-GP: the penalty, lambda 10) gets its usual weight
  // unless the file gives one (with_objective, as the window's menu does).
  if (const char* with = h.objective->companion; with && !j.contains(with))
    h = with_objective(h, *h.objective);
  h.noise_anneal_steps = r.integer(j, "noise_anneal_steps", 10000, 0, 100000000);
  // D's variants and G's average (hyper.h); the caller checks that packing splits its batch.
  h.spectral_norm = r.flag(j, "spectral_norm", false, "");
  h.packing = r.integer(j, "packing", 1, 1, 4);
  if (h.packing == 3) r.fail("'packing' must be 1, 2 or 4, not 3");
  h.ema_beta = float(r.number(j, "ema_beta", 0.999, 0, 0.99999));
  return h;
}

}  // namespace

const std::set<std::string>& hyper_keys() {
  static const std::set<std::string> keys = [] {
    std::set<std::string> k = {"optimizer", "lr_d", "lr_g", "beta1", "beta2", "alpha", "d_steps",
                               "objective", "loss", "clip",
                               "noise_anneal_steps", "spectral_norm", "packing", "ema_beta"};
    for (const auto& reg : d_regularisers()) k.insert(reg.name);
    return k;
  }();
  return keys;
}

Config parse_config(const std::string& json_text, const std::string& source) {
  json j;
  std::map<double, std::string> spellings;
  try {
    SpellingSax sax(j, spellings);
    json::sax_parse(json_text, &sax);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 1e999
    throw ConfigError(source + ": not valid JSON (" + e.what() + ")");
  }
  Reader r{j, source, spellings};
  if (!j.is_object()) r.fail("must be a JSON object");
  std::set<std::string> known = {"name", "description", "data", "batch", "latent_dim", "generator",
                                 "discriminator", "seed", "grid", "latent", "data_params", "init",
                                 "holdout", "train_size", "image_size", "image_channels", "conditional", "conditioning",
                                 "classes", "class_names"};
  known.insert(hyper_keys().begin(), hyper_keys().end());
  r.no_unknown_keys(j, known, "");
  Config c;
  // A checkpoint's embedded config names its preset; a config file is named by its stem.
  c.name = r.text(j, "name", std::filesystem::path(source).stem().string());
  if (c.name.empty()) r.fail("'name' must not be empty");
  c.data = r.text(j, "data", "");
  c.batch = r.integer(j, "batch", 64, 1, 4096);
  c.latent_dim = r.integer(j, "latent_dim", 100, 1, 4096);
  c.latent = r.text(j, "latent", "gaussian");
  if (c.latent != "gaussian" && c.latent != "uniform") r.fail("'latent' must be gaussian or uniform");
  c.generator = r.layers("generator");
  c.discriminator = r.layers("discriminator");
  c.init = r.text(j, "init", "normal_0.02");
  try {
    init_from_string(c.init);
  } catch (const std::invalid_argument& e) {
    r.fail(e.what());
  }
  c.hyper = read_hyper(r);
  if (c.batch % c.hyper.packing != 0)
    r.fail("packing " + std::to_string(c.hyper.packing) + " must divide the batch " +
           std::to_string(c.batch));
  c.seed = std::uint64_t(r.number(j, "seed", 1, 0, 9.007199254740992e15));
  c.grid = r.integer(j, "grid", 64, 1, 1024);
  c.description = r.text(j, "description", "");
  c.holdout = r.integer(j, "holdout", -1, -1, 100000000);
  c.train_size = r.integer(j, "train_size", 0, 0, 100000000);
  c.image_size = r.integer(j, "image_size", 0, 0, 1024);
  if (c.image_size != 0 && c.image_size < 4) r.fail("'image_size' must be 0 (the generator's) or 4..1024");
  c.image_channels = r.text(j, "image_channels", "auto");
  if (c.image_channels != "auto" && c.image_channels != "grey" && c.image_channels != "rgb")
    r.fail("'image_channels' must be auto, grey or rgb");
  c.conditional = r.flag(j, "conditional", false, "");
  c.conditioning = r.text(j, "conditioning", "planes");
  if (c.conditioning != "planes" && c.conditioning != "projection")
    r.fail("'conditioning' must be planes or projection");
  if (c.conditioning != "planes" && !c.conditional)
    r.fail("'conditioning' is how D reads the label, and needs \"conditional\": true");
  c.classes = r.integer(j, "classes", 0, 0, 256);
  if (c.classes == 1) r.fail("'classes' must be 0 (the data's) or 2..256");
  if (j.contains("class_names")) {
    const json& names = j.at("class_names");
    if (!names.is_array() || names.size() != std::size_t(c.classes))
      r.fail("'class_names' must be a list of 'classes' names");
    for (const json& n : names) {
      if (!n.is_string()) r.fail("'class_names' must be a list of strings");
      c.class_names.push_back(n.get<std::string>());
    }
  }
  if (c.conditional && c.hyper.packing != 1)
    r.fail("'conditional' and packing " + std::to_string(c.hyper.packing) +
           " do not go together: a pack of samples has no one label");
  if (j.contains("data_params")) {
    const json& dp = j.at("data_params");
    if (!dp.is_object()) r.fail("'data_params' must be an object");
    r.no_unknown_keys(dp, {"modes", "side", "radius", "spacing", "std", "turns", "length", "noise",
                           "layout_seed"}, " in data_params");
    for (auto it = dp.begin(); it != dp.end(); ++it) {
      // Ranges are checked by the distribution itself, which names the kind and the value.
      if (!it.value().is_number()) r.fail("'" + it.key() + "' in data_params must be a number");
      c.data_params[it.key()] = it.value().get<double>();
    }
  }
  return c;
}

// Every field the layer's type reads, so that checkpoints (which embed this) round-trip and
// same_architecture sees every difference.
static json layers_to_json(const std::vector<LayerSpec>& layers) {
  json list = json::array();
  for (const auto& l : layers) {
    json o = {{"type", l.type}};
    if (l.type == "linear") o["units"] = l.units;
    if (l.type == "conv" || l.type == "conv_transpose") {
      o["out_channels"] = l.out_channels;
      o["kernel"] = l.kernel;
      o["stride"] = l.stride;
      o["padding"] = l.padding;
    }
    if ((l.type == "linear" || l.type == "conv") && l.spectral_norm) o["spectral_norm"] = true;
    if (l.type == "reshape") o["shape"] = l.shape;
    if (l.type == "dropout") o["p"] = l.p;
    if (l.type == "maxout") o["pieces"] = l.pieces;
    if (l.type == "leaky_relu") o["slope"] = l.slope;
    list.push_back(o);
  }
  return list;
}

// Hyper's fields into j, as read_hyper reads them back; with every_field, also those at their
// usual values, which are otherwise left out.
static void write_hyper(const Hyper& h, json& j, bool every_field = false) {
  j["optimizer"] = nn::optimizer_name(h.optimizer);
  j["lr_d"] = h.lr_d;
  j["lr_g"] = h.lr_g;
  j["beta1"] = h.beta1;
  j["beta2"] = h.beta2;
  j["d_steps"] = h.d_steps;
  j["objective"] = h.objective->name;
  j["clip"] = h.clip;
  // The companion's weight is written even at 0, which would otherwise read back as its usual.
  const char* with = h.objective->companion;
  for (const auto& reg : d_regularisers())
    if (every_field || h.*reg.weight != 0 || (with && std::string(with) == reg.name)) j[reg.name] = h.*reg.weight;
  if (every_field || h.alpha != Hyper().alpha) j["alpha"] = h.alpha;
  if (every_field || h.noise_anneal_steps != Hyper().noise_anneal_steps) j["noise_anneal_steps"] = h.noise_anneal_steps;
  if (every_field || h.spectral_norm) j["spectral_norm"] = h.spectral_norm;
  if (every_field || h.packing != 1) j["packing"] = h.packing;
  if (every_field || h.ema_beta != Hyper().ema_beta) j["ema_beta"] = h.ema_beta;
}

std::string hyper_changes_json(const Hyper& before, const Hyper& after) {
  json a, b, out = json::object();
  write_hyper(before, a, true);
  write_hyper(after, b, true);
  for (auto it = b.begin(); it != b.end(); ++it)
    if (!a.contains(it.key()) || a[it.key()] != it.value()) out[it.key()] = it.value();
  return out.dump();
}

std::string to_json(const Config& c) {
  json j = {{"name", c.name},
            {"description", c.description},
            {"data", c.data},
            {"batch", c.batch},
            {"latent_dim", c.latent_dim},
            {"latent", c.latent},
            {"generator", layers_to_json(c.generator)},
            {"discriminator", layers_to_json(c.discriminator)},
            {"init", c.init},
            {"seed", c.seed},
            {"grid", c.grid}};
  write_hyper(c.hyper, j);
  if (!c.data_params.empty()) j["data_params"] = c.data_params;
  if (c.holdout != Config().holdout) j["holdout"] = c.holdout;
  if (c.train_size != Config().train_size) j["train_size"] = c.train_size;
  if (c.image_size != Config().image_size) j["image_size"] = c.image_size;
  if (c.image_channels != Config().image_channels) j["image_channels"] = c.image_channels;
  if (c.conditional) j["conditional"] = true;
  if (c.conditioning != Config().conditioning) j["conditioning"] = c.conditioning;
  if (c.classes != 0) j["classes"] = c.classes;
  if (!c.class_names.empty()) j["class_names"] = c.class_names;
  return j.dump(2);
}

Config apply_setting(const Config& c, const std::string& key_value) {
  const std::string source = "--set " + key_value;
  const auto eq = key_value.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError(source + ": takes KEY=VALUE, e.g. --set objective=hinge");
  const std::string key = key_value.substr(0, eq), text = key_value.substr(eq + 1);
  json j = json::parse(to_json(c));
  json value;
  try {
    value = json::parse(text);
  } catch (const json::exception&) {
    value = text;
  }
  j[key] = value;
  // "loss" is the old spelling of "objective": a setting of one replaces the other.
  if (key == "objective") j.erase("loss");
  if (key == "loss") j.erase("objective");
  return parse_config(j.dump(), source);
}

Hyper apply_hyper_settings(const Hyper& h, const std::string& settings, const std::string& source) {
  json set;
  std::map<double, std::string> spellings;
  try {
    SpellingSax sax(set, spellings);
    json::sax_parse(settings, &sax);
  } catch (const json::exception& e) {
    throw ConfigError(source + ": not valid JSON (" + e.what() + ")");
  }
  if (!set.is_object()) throw ConfigError(source + ": must be an object of settings, e.g. {\"lr_d\": 1e-4}");
  json j;
  write_hyper(h, j);
  for (auto it = set.begin(); it != set.end(); ++it) {
    if (!hyper_keys().count(it.key())) {
      std::string list;
      for (const auto& k : hyper_keys()) list += (list.empty() ? "" : ", ") + k;
      throw ConfigError(source + ": unknown setting '" + it.key() + "' (the settings that change live: " + list + ")");
    }
    j[it.key()] = it.value();
  }
  // "loss" is the old spelling of "objective": a setting of one replaces the other.
  if (set.contains("loss") && !set.contains("objective")) j.erase("objective");
  return read_hyper(Reader{j, source, spellings});
}

bool same_architecture(const Config& a, const Config& b) {
  return a.latent_dim == b.latent_dim && a.latent == b.latent && a.conditional == b.conditional &&
         a.conditioning == b.conditioning &&
         (a.classes == b.classes || a.classes == 0 || b.classes == 0) && layers_to_json(a.generator) == layers_to_json(b.generator) &&
         layers_to_json(a.discriminator) == layers_to_json(b.discriminator);
}

std::string fashion_mnist_dir() {
  const char* dir = std::getenv("GANSCOPE_FASHION_MNIST_DIR");
  return dir && *dir ? dir : kFashionMnistDir;
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const auto& p : embedded_presets()) names.push_back(p.name);
  return names;
}

Config load_preset(const std::string& name) {
  for (const auto& p : embedded_presets())
    if (name == p.name) {
      Config c = parse_config(p.json, name);
      if (c.data == kFashionMnistDir) c.data = fashion_mnist_dir();
      return c;
    }
  std::string known;
  for (const auto& n : preset_names()) known += (known.empty() ? "" : ", ") + n;
  throw ConfigError("unknown preset '" + name + "' (known: " + known + ")");
}

Config load_config_file(const std::string& path) {
  std::string text, fault;
  if (!data::read_small_file(path, kMaxConfigBytes, "a config file", text, fault))
    throw ConfigError(path + ": " + fault);
  return parse_config(text, path);
}

}  // namespace ganscope::train
