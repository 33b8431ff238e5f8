#include "train/network_builder.h"

#include <sstream>
#include <stdexcept>

#include "nn/activations.h"
#include "nn/batch_norm.h"
#include "nn/conv2d.h"
#include "nn/conv_transpose2d.h"
#include "nn/dropout.h"
#include "nn/layer_norm.h"
#include "nn/linear.h"
#include "nn/maxout.h"
#include "nn/reshape.h"
#include "nn/shape.h"
#include "nn/spectral_norm.h"
#include "nn/training_mode.h"

namespace ganscope::train {

namespace {

// No network may hold more than this many parameters (1.6 GB of weights, moments and
// gradients): a typo such as 10^9 units is refused before anything is allocated.
constexpr double kMaxParameters = 1e8;
// Nor may one layer's output, or a convolution's unfolded input (im2col), exceed this many
// values per sample: at batch 64 that is 1 GB for one activation.
constexpr double kMaxValuesPerSample = 4194304;  // 2^22

std::string num(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

bool is_image(const SampleShape& s) { return s.size() == 3; }
long size_of(const SampleShape& s) { return nn::shape_size(s); }

// "6272" or "6272 (128x7x7)"
std::string shape_words(const SampleShape& s) {
  std::string n = std::to_string(size_of(s));
  return is_image(s) ? n + " (" + nn::shape_text(s) + ")" : n;
}

struct Planned {
  SampleShape out;
  double params = 0;
  double unfolded = 0;  // a convolution's im2col buffer, values per sample
};

// The layer's output shape and parameter count for input shape in, or a ConfigError.
Planned plan_layer(const LayerSpec& l, const SampleShape& in, const std::string& where) {
  auto fail = [&](const std::string& what) -> void { throw ConfigError(where + " " + what); };
  Planned p;
  const std::string& t = l.type;
  const long n = size_of(in);
  if (t == "linear") {
    p.out = {l.units};
    p.params = double(n) * l.units + l.units;
  } else if (t == "conv" || t == "conv_transpose") {
    if (!is_image(in))
      fail("needs an image (channels x height x width) but gets " + std::to_string(n) +
           " flat features; add a reshape before it");
    const int c = in[0], h = in[1], w = in[2], k = l.kernel, s = l.stride, pad = l.padding;
    int oh, ow;
    if (t == "conv") {
      if (h + 2 * pad < k || w + 2 * pad < k)
        fail("needs an input of at least " + std::to_string(k) + "x" + std::to_string(k) +
             " after padding " + std::to_string(pad) + " but gets " + nn::shape_text(in));
      oh = (h + 2 * pad - k) / s + 1;
      ow = (w + 2 * pad - k) / s + 1;
      // im2col: every output position unfolds a c*k*k patch.
      p.unfolded = double(oh) * ow * c * k * k;
      if (double(oh) * ow * c * k * k > kMaxValuesPerSample)
        fail("would unfold its " + nn::shape_text(in) + " input into " +
             num(double(oh) * ow * c * k * k) + " values per sample; the limit is " +
             std::to_string(long(kMaxValuesPerSample)));
    } else {
      oh = (h - 1) * s - 2 * pad + k;
      ow = (w - 1) * s - 2 * pad + k;
      if (oh <= 0 || ow <= 0)
        fail("leaves no output from a " + nn::shape_text(in) + " input (padding " +
             std::to_string(pad) + " is too large)");
      p.unfolded = double(h) * w * l.out_channels * k * k;
      if (double(h) * w * l.out_channels * k * k > kMaxValuesPerSample)
        fail("would spread its " + nn::shape_text(in) + " input over " +
             num(double(h) * w * l.out_channels * k * k) +
             " values per sample; the limit is " + std::to_string(long(kMaxValuesPerSample)));
    }
    p.out = {l.out_channels, oh, ow};
    p.params = double(c) * l.out_channels * k * k + l.out_channels;
  } else if (t == "batch_norm") {
    p.out = in;
    p.params = 2.0 * (is_image(in) ? in[0] : n);
  } else if (t == "layer_norm") {
    p.out = in;
    p.params = 2.0 * double(n);
  } else if (t == "reshape") {
    if (size_of(l.shape) != n)
      fail("needs " + std::to_string(size_of(l.shape)) + " inputs but gets " + shape_words(in));
    p.out = l.shape;
  } else if (t == "flatten") {
    p.out = {int(n)};
  } else if (t == "maxout") {
    if (n % l.pieces != 0)
      fail("needs a multiple of " + std::to_string(l.pieces) + " inputs but gets " +
           shape_words(in));
    p.out = {int(n / l.pieces)};
  } else if (t == "dropout" || t == "leaky_relu" || t == "relu" || t == "tanh" || t == "sigmoid") {
    p.out = in;
  } else {
    fail("has an unknown type '" + t + "'");
  }
  if (double(size_of(p.out)) > kMaxValuesPerSample)
    fail("would output " + shape_words(p.out) + " values per sample; the limit is " +
         std::to_string(long(kMaxValuesPerSample)));
  return p;
}

std::unique_ptr<nn::Layer<float>> make_layer(const LayerSpec& l, const SampleShape& in) {
  const std::string& t = l.type;
  const int n = int(size_of(in));
  std::unique_ptr<nn::Layer<float>> layer;
  if (t == "linear") {
    layer = std::make_unique<nn::Linear<float>>(n, l.units);
  } else if (t == "conv") {
    layer = std::make_unique<nn::Conv2d<float>>(in[0], in[1], in[2], l.out_channels, l.kernel,
                                                l.stride, l.padding);
  } else if (t == "conv_transpose") {
    layer = std::make_unique<nn::ConvTranspose2d<float>>(in[0], in[1], in[2], l.out_channels,
                                                         l.kernel, l.stride, l.padding);
  } else if (t == "batch_norm") {
    if (is_image(in)) layer = std::make_unique<nn::BatchNorm<float>>(in[0], in[1], in[2]);
    else layer = std::make_unique<nn::BatchNorm<float>>(n);
  } else if (t == "layer_norm") {
    layer = std::make_unique<nn::LayerNorm<float>>(in);
  } else if (t == "reshape") {
    layer = std::make_unique<nn::Reshape<float>>(l.shape);
  } else if (t == "flatten") {
    layer = std::make_unique<nn::Flatten<float>>(n);
  } else if (t == "dropout") {
    layer = std::make_unique<nn::Dropout<float>>(l.p);
  } else if (t == "maxout") {
    layer = std::make_unique<nn::Maxout<float>>(l.pieces);
  } else if (t == "leaky_relu") {
    layer = std::make_unique<nn::LeakyReLU<float>>(l.slope);
  } else if (t == "relu") {
    layer = std::make_unique<nn::LeakyReLU<float>>(0.0f);
  } else if (t == "tanh") {
    layer = std::make_unique<nn::Tanh<float>>();
  } else if (t == "sigmoid") {
    layer = std::make_unique<nn::Sigmoid<float>>();
  }
  if (l.spectral_norm && (t == "linear" || t == "conv"))
    layer = std::make_unique<nn::SpectralNorm<float>>(std::move(layer));
  return layer;
}

}  // namespace

std::string describe_spec(const LayerSpec& l) {
  std::ostringstream s;
  const std::string& t = l.type;
  s << t;
  if (t == "linear") s << " to " << l.units;
  if (t == "conv" || t == "conv_transpose")
    s << " to " << l.out_channels << (l.out_channels == 1 ? " channel" : " channels") << ", k"
      << l.kernel << " s" << l.stride << " p" << l.padding;
  if (t == "reshape") s << " to " << nn::shape_text(l.shape);
  if (t == "dropout") s << " " << l.p;
  if (t == "maxout") s << " of " << l.pieces;
  if (t == "leaky_relu") s << " " << l.slope;
  if (l.spectral_norm && (t == "linear" || t == "conv")) s << ", spectral norm";
  return s.str();
}

NetworkPlan plan_network(const std::vector<LayerSpec>& layers, const SampleShape& input,
                         const std::string& which) {
  if (input.empty() || size_of(input) <= 0)
    throw ConfigError(which + ": has no input features");
  NetworkPlan plan;
  SampleShape shape = input;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    std::string where = which + " layer " + std::to_string(i + 1) + " (" + describe_spec(layers[i]) + ")";
    Planned p = plan_layer(layers[i], shape, where);
    plan.inputs.push_back(shape);
    plan.params += p.params;
    plan.values_per_sample += double(size_of(p.out)) + p.unfolded;
    shape = p.out;
  }
  if (plan.params > kMaxParameters) {
    std::ostringstream s;
    s << which << " would have " << plan.params << " parameters; the limit is " << kMaxParameters;
    throw ConfigError(s.str());
  }
  plan.output = shape;
  return plan;
}

nn::Sequential<float> build_network(const std::vector<LayerSpec>& layers, const SampleShape& input,
                                    const std::string& which, SampleShape* out) {
  // Plan first: every shape and the parameter count are checked before anything is allocated.
  const NetworkPlan plan = plan_network(layers, input, which);
  const std::vector<SampleShape>& ins = plan.inputs;
  const SampleShape& shape = plan.output;
  nn::Sequential<float> net;
  net.set_input_features(int(size_of(input)));
  for (std::size_t i = 0; i < layers.size(); ++i) {
    try {
      net.add(make_layer(layers[i], ins[i]));
    } catch (const std::invalid_argument& e) {  // the plan above should have caught it
      throw ConfigError(which + " layer " + std::to_string(i + 1) + " (" +
                        describe_spec(layers[i]) + "): " + e.what());
    }
  }
  if (out) *out = shape;
  return net;
}

nn::Sequential<float> build_network(const std::vector<LayerSpec>& layers, int in_features,
                                    const std::string& which) {
  return build_network(layers, SampleShape{in_features}, which);
}

void set_network_training(nn::Sequential<float>& net, bool training) {
  nn::set_training(net, training);
}

EvalMode::EvalMode(std::initializer_list<nn::Sequential<float>*> nets) {
  if (nets.size() > kMaxNets) throw std::logic_error("EvalMode holds at most 4 networks");
  for (auto* n : nets) {
    nets_[count_++] = n;
    set_network_training(*n, false);
  }
}

EvalMode::~EvalMode() {
  for (std::size_t i = 0; i < count_; ++i) set_network_training(*nets_[i], true);
}

std::string dropout_states(const nn::Sequential<float>& net) {
  std::string out;
  for (std::size_t i = 0; i < net.size(); ++i)
    if (auto* d = dynamic_cast<const nn::Dropout<float>*>(&net.layer(i)))
      out += d->rng_state() + "\n";
  return out;
}

void set_dropout_states(nn::Sequential<float>& net, const std::string& text) {
  std::istringstream s(text);
  std::vector<std::string> lines;
  for (std::string line; std::getline(s, line);)
    if (!line.empty()) lines.push_back(line);
  std::vector<nn::Dropout<float>*> drops;
  for (std::size_t i = 0; i < net.size(); ++i)
    if (auto* d = dynamic_cast<nn::Dropout<float>*>(&net.layer(i))) drops.push_back(d);
  if (lines.size() != drops.size())
    throw std::invalid_argument("dropout state for " + std::to_string(lines.size()) +
                                " layers, the network has " + std::to_string(drops.size()));
  // Parse all before changing any.
  std::vector<nn::Rng> rngs(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) rngs[i].set_state(lines[i]);
  for (std::size_t i = 0; i < drops.size(); ++i) drops[i]->set_rng_state(lines[i]);
}

}  // namespace ganscope::train
