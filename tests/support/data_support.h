// Shared by the data tests: the one-line errors of reading IDX files.
#pragma once

#include <string>

#include "data/idx.h"
#include "support/test_support.h"

namespace ganscope::testing {

// The DataError message of reading path as IDX images, or labels: one line naming the file
// (one_line_error); "" and a failure when the file reads.
inline std::string image_error(const std::string& path) {
  return one_line_error<data::DataError>([&] { data::read_idx_images(path); }, path);
}
inline std::string label_error(const std::string& path) {
  return one_line_error<data::DataError>([&] { data::read_idx_labels(path); }, path);
}

}  // namespace ganscope::testing
