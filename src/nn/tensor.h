// Matrix types of the engine. A batch is a column-major matrix with one sample per column:
// x: (features, B). Each sample is then contiguous (an image's 784 pixels in a row of memory),
// and a Linear layer is one GEMM, y = W x, over the whole batch.
#pragma once

// The window's code never sees Eigen (docs/design.md, "Layers"): its target defines GANSCOPE_UI.
#ifdef GANSCOPE_UI
#error "src/app includes Eigen; the UI reads Snapshots and talks to the Session only"
#endif

#include <Eigen/Core>

namespace ganscope::nn {

template <typename T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <typename T>
using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;

using MatF = Mat<float>;
using VecF = Vec<float>;

}  // namespace ganscope::nn
