// Linear algebra the tests check layers against.
#pragma once

#include <Eigen/Core>

namespace ganscope::testing {

// The largest singular value of m, by SVD (Eigen's JacobiSVD, in double): the reference that
// the spectral-norm tests hold a layer's power iteration to. Compiled once, here: the SVD's
// templates take longer to compile than the rest of a test file (20 s under ASan).
double largest_singular_value(const Eigen::MatrixXd& m);

}  // namespace ganscope::testing
