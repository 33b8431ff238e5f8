#include "support/linalg_support.h"

#include <Eigen/SVD>

namespace ganscope::testing {

double largest_singular_value(const Eigen::MatrixXd& m) {
  return Eigen::JacobiSVD<Eigen::MatrixXd>(m).singularValues()(0);
}

}  // namespace ganscope::testing
