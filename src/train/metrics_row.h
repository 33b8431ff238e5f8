// One row of the training history: what metrics.csv holds and the loss plot draws.
#pragma once

#include <cstdint>
#include <string>

namespace ganscope::train {

struct MetricRow {
  std::int64_t step = 0;   // completed G updates (1-based for the row of that update)
  float loss_d = 0;        // BCE of D on the real and the fake batch (mean of the two)
  float loss_g = 0;        // the generator loss in use
  float d_real = 0;        // mean D(x) (a probability) on the real batch
  float d_fake = 0;        // mean D(G(z)) on the fake batch, before D's update
  float grad_norm_d = 0;   // L2 norm of D's parameter gradient at its last update
  float grad_norm_g = 0;   // L2 norm of G's parameter gradient
  float lr_d = 0;
  float lr_g = 0;
  double seconds = 0;      // training time since the run began
};

// A setting changed at a step: the plots draw a vertical mark there.
struct ChangeMark {
  std::int64_t step = 0;
  std::string what;  // e.g. "lr_d 0.0002 -> 0.001"
};

}  // namespace ganscope::train
