// How a config reads a folder of pictures, and how its generator takes the data's channels.
//
// The model decides unless the config says otherwise: image_size 0 is G's output side, and
// image_channels "auto" is G's channel count, except that a last conv_transpose of
// out_channels 0 (preset dcgan32) takes whatever the data has (RGB when any image has colour).
#pragma once

#include "data/image_folder.h"
#include "train/config.h"

namespace ganscope::train {

data::ImageFolderOptions image_folder_options(const Config& c);

// Layers with out_channels 0 (a generator's last conv_transpose) given the data's channels.
void resolve_data_channels(std::vector<LayerSpec>& generator, int data_channels);

}  // namespace ganscope::train
