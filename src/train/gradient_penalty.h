// Gradient penalties on D: R = c mean_i (|g_i| - t)^2 with g_i = grad_x D(x_i), added to D's
// loss while its gradients accumulate (d_regulariser.h's PenaltyForm gives t and the scale).
//
// Its gradient needs a second derivative. With v_i = dR/dg_i held fixed,
//   dR/dtheta = sum_i (dg_i/dtheta)^T v_i = d/dtheta sum_i v_i . grad_x D(x_i),
// and v_i . grad_x D(x_i) is D's output tangent when x_i moves along v_i: one forward-mode
// pass and its reverse (nn::Sequential::add_tangent_param_grads). So a penalty costs a
// forward pass, a backward pass to the inputs (for g), and the tangent pass; the same as
// torch.autograd.grad(..., create_graph=True) followed by backward, which the golden tests
// compare with (tests/train/penalty_golden_test.cpp).
#pragma once

#include "nn/sequential.h"

namespace ganscope::train {

class GradientPenalty {
 public:
  struct Result {
    float value = 0;           // R, weight and scale included
    float mean_grad_norm = 0;  // mean over the batch of |g_i|
  };
  // D's parameter gradients += dR/dtheta for R = coefficient * mean_i (|g_i| - target)^2 on
  // the columns of x. D must be in the mode it trains in; its activations are overwritten.
  // Throws std::invalid_argument naming a layer of D without second derivatives. With
  // sample_rows >= 0 only x's first sample_rows rows count in g_i (a conditional D's label
  // planes, below them, are not the sample: train/conditioning.h).
  Result add(nn::Sequential<float>& d, const nn::MatF& x, float coefficient, float target,
             Eigen::Index sample_rows = -1);

 private:
  nn::MatF ones_, grad_x_, direction_, weights_;
};

}  // namespace ganscope::train
