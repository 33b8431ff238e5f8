// RUN/layers.csv: each layer's gradient and spectral norms (train/layer_stats.h) in long
// format, one row per layer with parameters every kEvery steps and at a run's last step:
//   step,network,layer,index,grad_norm,spectral_norm
// layer is the layer's description in double quotes (it holds commas: "Conv2d(1->64, k4, s2,
// p1)"), index its place in its network from 1, and a norm is empty where it is not
// measured (kNoValue). Appended as training goes, as metrics.csv is (cli/metrics_log.h).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "train/snapshot.h"  // LayerStat

namespace ganscope::cli {

class LayersLog {
 public:
  // Starts the file afresh with a header, or, when resuming at step resume_step, keeps its
  // whole rows up to that step (a run killed after its last checkpoint wrote rows past it).
  // The checkpoint holds no per-layer norms, so a missing file starts again from the header.
  LayersLog(const std::string& path, std::int64_t resume_step);
  ~LayersLog();
  LayersLog(const LayersLog&) = delete;
  LayersLog& operator=(const LayersLog&) = delete;

  // One row per layer at step; a step already in the file is not written again.
  void append(std::int64_t step, const std::vector<train::LayerStat>& layers);
  void flush();

  static constexpr int kEvery = 100;
  static std::string header();
  static std::string format(std::int64_t step, const train::LayerStat& layer);

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::int64_t last_step_ = 0;  // of the last rows in the file
};

}  // namespace ganscope::cli
