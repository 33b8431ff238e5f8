// Scratch memory a layer reuses from call to call: it grows to the largest request and never
// shrinks, so a steady-state step allocates nothing even when the batch size alternates (D sees
// 2B columns in its own update and B in G's). A copy starts empty: scratch is not state, and a
// cloned network (the UI's copy of G) should not duplicate megabytes of it.
#pragma once

// The window's code never sees Eigen (docs/design.md, "Layers"): its target defines GANSCOPE_UI.
#ifdef GANSCOPE_UI
#error "src/app includes Eigen; the UI reads Snapshots and talks to the Session only"
#endif

#include <Eigen/Core>

#include "nn/tensor.h"

namespace ganscope::nn {

template <typename T>
class Workspace {
 public:
  Workspace() = default;
  Workspace(const Workspace&) {}
  Workspace& operator=(const Workspace&) {
    forget();
    return *this;
  }
  Workspace(Workspace&&) noexcept = default;
  Workspace& operator=(Workspace&&) noexcept = default;

  // A (rows, cols) column-major view of the scratch; the contents survive between calls of
  // the same size (forward can leave something here for backward).
  Eigen::Map<Mat<T>> get(Eigen::Index rows, Eigen::Index cols) {
    if (rows * cols > buf_.size()) {
      buf_.resize(rows * cols);
      forget();
    }
    return Eigen::Map<Mat<T>>(buf_.data(), rows, cols);
  }

  // What the scratch holds: derived from the matrix at `source` with `cols` columns. Lets
  // backward reuse forward's work when it is given the same input, and redo it otherwise.
  void remember(const void* source, Eigen::Index cols) {
    source_ = source;
    cols_ = cols;
  }
  bool holds(const void* source, Eigen::Index cols) const {
    return source_ != nullptr && source_ == source && cols_ == cols;
  }
  void forget() { source_ = nullptr; }

 private:
  Vec<T> buf_;
  const void* source_ = nullptr;
  Eigen::Index cols_ = 0;
};

}  // namespace ganscope::nn
