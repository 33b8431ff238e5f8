// What the discriminator thinks: overlaid histograms of D's outputs on the latest real batch
// (D(x)) and fake batch (D(G(z))), with their means, as the objective shows them: for the BCE
// games probabilities over [0, 1] (a D that separates them perfectly puts green at 1 and red
// at 0; at the equilibrium both pile up at 0.5), for critics raw values over their own span.
#pragma once

#include <array>
#include <cstdint>

#include "train/snapshot.h"

namespace ganscope::app {

class DiscriminatorHistogram {
 public:
  static constexpr int kBins = 25;

  // With past (a frame the grid's or the plane's time slider shows), D's outputs as they were
  // at its step instead of the latest.
  void draw(const train::Snapshot& snapshot, const train::GridFrame* past = nullptr);
  std::int64_t shown_step() const { return counted_step_; }  // -1: the latest

 private:
  void count(const std::vector<float>& real, const std::vector<float>& fake, bool bounded);
  void fit_range(const std::vector<float>& real, const std::vector<float>& fake, bool bounded);
  double bin_edge(int b) const { return lo_ + (hi_ - lo_) * b / kBins; }

  // Fractions of each batch per bin, recounted when the snapshot's generation moves.
  std::array<float, kBins> real_{};
  std::array<float, kBins> fake_{};
  std::size_t real_count_ = 0;
  std::size_t fake_count_ = 0;
  double real_mean_ = 0;
  double fake_mean_ = 0;
  std::uint64_t counted_generation_ = ~0ull;
  std::int64_t counted_step_ = -1;  // the past frame's step counted, -1 the snapshot's
  // The x axis: [0, 1] for probabilities, else fitted to the values (fit_range).
  double lo_ = 0, hi_ = 1;
  bool bounded_ = true;
  // The y axis top follows the tallest bar, growing at once and shrinking slowly so the
  // bars do not jump with every snapshot.
  float y_top_ = 0.2f;
};

}  // namespace ganscope::app
