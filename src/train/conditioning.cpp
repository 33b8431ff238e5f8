#include "train/conditioning.h"

#include <cmath>
#include <string>

#include "io/pictures.h"

namespace ganscope::train {

void set_onehot(nn::MatF& z, int first, int classes, const int* labels) {
  z.middleRows(first, classes).setZero();
  for (Eigen::Index j = 0; j < z.cols(); ++j) z(first + labels[j], j) = 1.0f;
}

std::vector<int> labels_of(const nn::MatF& z, int first, int classes) {
  std::vector<int> out(std::size_t(z.cols()), 0);
  for (Eigen::Index j = 0; j < z.cols(); ++j) z.col(j).segment(first, classes).maxCoeff(&out[std::size_t(j)]);
  return out;
}

std::vector<int> grid_labels(int count, int classes) {
  const int side = io::grid_columns(count);  // as the grid is drawn
  std::vector<int> out(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) out[std::size_t(i)] = (i / side) % classes;
  return out;
}

int find_class(const std::vector<std::string>& names, const std::string& wanted) {
  for (std::size_t k = 0; k < names.size(); ++k)
    if (names[k] == wanted) return int(k);
  if (wanted.empty() || wanted.size() > 4 || wanted.find_first_not_of("0123456789") != std::string::npos) return -1;
  const int k = std::stoi(wanted);
  return k < int(names.size()) ? k : -1;
}

}  // namespace ganscope::train
