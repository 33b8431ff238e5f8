// A frozen copy of the generator's weights that any thread may run, e.g. the UI's latent
// explorer. It shares nothing with the trainer, so running it never disturbs training.
#pragma once

#include <memory>
#include <vector>

namespace ganscope::train {

class GeneratorCopy {
 public:
  ~GeneratorCopy();
  GeneratorCopy(const GeneratorCopy&) = delete;
  GeneratorCopy& operator=(const GeneratorCopy&) = delete;

  int latent_dim() const;
  int output_dim() const;  // rows * cols for images, 2 for points
  int classes() const;     // a conditional G's classes; 0 for an unconditioned one

  // z: n latent vectors of latent_dim() floats each, one after another; for a conditional G
  // labels gives each one's class (null: class 0). Returns n outputs of output_dim() floats
  // each, in G's range [-1, 1] for images. Thread-safe: calls take turns on one scratch.
  std::vector<float> generate(const float* z, int n, const int* labels = nullptr) const;

  struct Impl;
  explicit GeneratorCopy(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ganscope::train
