// The inside of GeneratorCopy, for train/ only (the UI sees only generator_copy.h).
#pragma once

#include <mutex>

#include "nn/sequential.h"
#include "train/generator_copy.h"

namespace ganscope::train {

struct GeneratorCopy::Impl {
  std::mutex mutex;
  nn::Sequential<float> net;
  int out_dim = 0;
  int classes = 0;  // conditional: the one-hot label rows below the latent
};

}  // namespace ganscope::train
