// Controls panel, image runs: the classifier Frechet distance of G's images (the trainer
// measures it; see train/image_quality.h), its latest value and a sparkline of the run's
// measurements with its bootstrap band, precision, recall and the classes G spreads over, a
// Measure button and automatic measurement every 1,000 steps.
#pragma once

#include "train/snapshot.h"

namespace ganscope::train {
class Session;
}

namespace ganscope::app {

class ImageQualitySection {
 public:
  static constexpr long long kEverySteps = 1000;
  void draw(train::Session& session, const train::Snapshot& snapshot);

 private:
  bool automatic_ = true;
};

}  // namespace ganscope::app
