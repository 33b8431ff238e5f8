// Switches every layer of a network between training and evaluation mode (see
// Layer::set_training). Sequential itself has no mode: this walks its layers.
#pragma once

#include "nn/sequential.h"

namespace ganscope::nn {

template <typename T>
void set_training(Sequential<T>& net, bool training) {
  for (std::size_t i = 0; i < net.size(); ++i) net.layer(i).set_training(training);
}

}  // namespace ganscope::nn
