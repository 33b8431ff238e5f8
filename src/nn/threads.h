// How many threads the math of the calling thread uses: OpenMP's team size (our own loops) and
// Eigen's GEMM threads (or OpenBLAS's, in a GANSCOPE_BLAS build). Without OpenMP (the
// ThreadSanitizer build) everything runs on one.
#pragma once

// The window's code never sees Eigen (docs/design.md, "Layers"): its target defines GANSCOPE_UI.
#ifdef GANSCOPE_UI
#error "src/app includes Eigen; the UI reads Snapshots and talks to the Session only"
#endif

#include <Eigen/Core>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <cstddef>

#ifdef GANSCOPE_OPENBLAS
extern "C" void openblas_set_num_threads(int n);  // OpenBLAS's own pool (cblas.h's declaration)
#endif

namespace ganscope::nn {

inline void set_compute_threads(int n) {
#ifdef _OPENMP
  omp_set_num_threads(n);  // per calling thread: call it on the thread that trains
#endif
  Eigen::setNbThreads(n);
#ifdef GANSCOPE_OPENBLAS
  openblas_set_num_threads(n);  // process-wide, unlike the two above
#endif
}

// Whether a loop of `work` units should run in a parallel region: enough work to pay for one,
// and more than one thread to share it. The caller skips the region entirely otherwise (an
// OpenMP `if` clause is not enough: libgomp still builds, and allocates, a team of one).
inline bool worth_parallel(std::ptrdiff_t work, std::ptrdiff_t min_work) {
#ifdef _OPENMP
  return work >= min_work && omp_get_max_threads() > 1;
#else
  (void)work;
  (void)min_work;
  return false;
#endif
}

// body(i) for i in [0, n), split statically over the threads when `parallel`.
template <typename Body>
void parallel_for(int n, bool parallel, Body&& body) {
  if (parallel) {
#pragma omp parallel for schedule(static)
    for (int i = 0; i < n; ++i) body(i);
  } else {
    for (int i = 0; i < n; ++i) body(i);
  }
}

}  // namespace ganscope::nn
