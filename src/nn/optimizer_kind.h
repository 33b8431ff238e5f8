// The optimizers' names, free of Eigen so that Hyper and the window can name them.
#pragma once

#include <string>

namespace ganscope::nn {

enum class OptimizerKind { Adam, Sgd, RmsProp };

constexpr OptimizerKind kOptimizerKinds[] = {OptimizerKind::Adam, OptimizerKind::Sgd,
                                             OptimizerKind::RmsProp};

// "adam", "sgd", "rmsprop": the config's spelling.
inline const char* optimizer_name(OptimizerKind k) {
  return k == OptimizerKind::Sgd ? "sgd" : k == OptimizerKind::RmsProp ? "rmsprop" : "adam";
}

// False for a name that is none of them.
inline bool optimizer_from_name(const std::string& name, OptimizerKind* out) {
  for (OptimizerKind k : kOptimizerKinds)
    if (name == optimizer_name(k)) {
      *out = k;
      return true;
    }
  return false;
}

}  // namespace ganscope::nn
