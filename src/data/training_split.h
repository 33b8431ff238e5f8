// Which examples a run trains on, and which real examples it keeps from training to see
// whether D overfits (D scores the training images it has seen above real ones it has not:
// train/trainer.h's held-out probe, the "D overfits" alarm, lesson 5).
#pragma once

#include <memory>
#include <string>

#include "data/dataset.h"

namespace ganscope::data {

// Config's `holdout`: kAutoHoldout keeps the data folder's test split out (the first
// kAutoHeldoutImages of its t10k images, never trained on), or nothing when the data has no
// test split (2D sets, a folder of training images only); 0 keeps nothing out; N > 0 keeps the
// data's last N examples out of training.
constexpr int kAutoHoldout = -1;
constexpr int kAutoHeldoutImages = 1000;

struct TrainingSplit {
  std::unique_ptr<Dataset> train;
  std::unique_ptr<Dataset> heldout;  // null: nothing held out
};

// Splits `data`, opened from `spec`, as holdout says, and then keeps the first train_size of
// the training examples (0: all of them). Throws DataError naming spec when the split would
// leave no training data or train_size asks for more examples than there are.
TrainingSplit split_training_data(std::unique_ptr<Dataset> data, const std::string& spec,
                                  int holdout, int train_size);

}  // namespace ganscope::data
