// How many threads the math of the calling thread uses: OpenMP's team size (our own loops) and
// Eigen's GEMM threads. Without OpenMP (the ThreadSanitizer build) everything runs on one.
#pragma once

#include <Eigen/Core>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace ganscope::nn {

inline void set_compute_threads(int n) {
#ifdef _OPENMP
  omp_set_num_threads(n);  // per calling thread: call it on the thread that trains
#endif
  Eigen::setNbThreads(n);
}

}  // namespace ganscope::nn
