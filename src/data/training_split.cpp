#include "data/training_split.h"

#include <algorithm>
#include <filesystem>

#include "data/idx.h"

namespace ganscope::data {

namespace {

// The first kAutoHeldoutImages of the folder's test split, or null when it has none of the
// training images' size. A damaged test split is the user's to know about: it throws.
std::unique_ptr<Dataset> test_split_images(const Dataset& train, const std::string& spec) {
  if (!train.images() || !std::filesystem::is_directory(spec)) return nullptr;
  try {
    find_idx_images(spec, /*test_split=*/true);
  } catch (const DataError&) {
    return nullptr;  // no test split: nothing held out
  }
  IdxFolder test = read_idx_folder(spec, /*test_split=*/true);
  if (train.channels() != 1 || test.images.rows != train.rows() || test.images.cols != train.cols()) return nullptr;
  const int n = std::min(test.images.count, kAutoHeldoutImages);
  ImageDataset all(test.images.count, test.images.rows, test.images.cols,
                   std::move(test.images.pixels), "");
  if (train.classes() > 0 && test.labels.size() == std::size_t(test.images.count)) {
    const int classes = 1 + *std::max_element(test.labels.begin(), test.labels.end());
    if (classes <= train.classes()) all.set_labels(std::move(test.labels), train.class_names());
  }
  return all.slice(0, n, std::to_string(n) + " test images");
}

}  // namespace

TrainingSplit split_training_data(std::unique_ptr<Dataset> data, const std::string& spec,
                                  int holdout, int train_size) {
  TrainingSplit split;
  const std::string what = data->describe();
  if (holdout == kAutoHoldout) {
    split.heldout = test_split_images(*data, spec);
  } else if (holdout > 0) {
    if (holdout >= data->size())
      throw DataError(spec + ": holdout " + std::to_string(holdout) + " leaves none of its " +
                      std::to_string(data->size()) + " examples to train on");
    const int kept = data->size() - holdout;
    split.heldout = data->slice(kept, data->size(), "the last " + std::to_string(holdout) +
                                                        " examples, held out");
    data = data->slice(0, kept, what + ", less " + std::to_string(holdout) + " held out");
  }
  if (train_size > 0 && train_size != data->size()) {
    if (train_size > data->size())
      throw DataError(spec + ": train_size " + std::to_string(train_size) + " is more than the " +
                      std::to_string(data->size()) + " examples there are to train on");
    data = data->slice(0, train_size, what + ", the first " + std::to_string(train_size));
  }
  split.train = std::move(data);
  return split;
}

}  // namespace ganscope::data
