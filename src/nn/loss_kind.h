// Which generator loss to use (kept free of Eigen so the UI can name it).
#pragma once

namespace ganscope::nn {

// NonSaturating: L_G = -log D(G(z)), strong gradients while D rejects the fakes.
// Minimax: L_G = log(1 - D(G(z))), the original game; its gradient vanishes when D is sure.
enum class GeneratorLoss { NonSaturating, Minimax };

}  // namespace ganscope::nn
