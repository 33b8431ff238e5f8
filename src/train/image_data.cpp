#include "train/image_data.h"

#include <cmath>

#include "train/network_builder.h"

namespace ganscope::train {

void resolve_data_channels(std::vector<LayerSpec>& generator, int data_channels) {
  for (LayerSpec& l : generator)
    if (l.type == "conv_transpose" && l.out_channels == 0) l.out_channels = data_channels > 0 ? data_channels : 1;
}

data::ImageFolderOptions image_folder_options(const Config& c) {
  data::ImageFolderOptions o;
  o.cache_dir = data::default_image_cache_dir();
  bool data_decides = false;
  for (const LayerSpec& l : c.generator) data_decides = data_decides || (l.type == "conv_transpose" && l.out_channels == 0);
  std::vector<LayerSpec> g = c.generator;
  resolve_data_channels(g, 1);  // the side does not depend on the channels
  int side = 32, channels = 1;
  try {
    const SampleShape out = plan_network(g, SampleShape{c.latent_dim}, "generator").output;
    if (out.size() == 3 && out[1] == out[2]) {
      side = out[1];
      channels = out[0];
    } else if (out.size() == 1) {
      const int grey = int(std::lround(std::sqrt(double(out[0])))), rgb = int(std::lround(std::sqrt(out[0] / 3.0)));
      if (grey * grey == out[0]) side = grey;
      else if (3 * rgb * rgb == out[0]) side = rgb, channels = 3;
    }
  } catch (const std::exception&) {
    // A generator that does not plan is reported, with its layer, when the trainer builds it.
  }
  o.size = c.image_size > 0 ? c.image_size : side;
  o.resize_idx = c.image_size > 0;
  if (c.image_channels == "grey") o.colour = data::ImageColour::Grey;
  else if (c.image_channels == "rgb") o.colour = data::ImageColour::Rgb;
  else if (data_decides) o.colour = data::ImageColour::Auto;
  else o.colour = channels == 3 ? data::ImageColour::Rgb : data::ImageColour::Grey;
  return o;
}

}  // namespace ganscope::train
