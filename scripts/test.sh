#!/usr/bin/env bash
# Install what is missing, build, and run every test: the Release suite (including the GUI
# under Xvfb), then the suite again under AddressSanitizer + UndefinedBehaviorSanitizer, then
# the threading tests under ThreadSanitizer, then each libFuzzer target for 20 s, as many at once
# as there are cores (built with clang, tests/fuzz/). --quick runs only the Release suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ganscope_install_packages "${GANSCOPE_PACKAGES[@]}"
jobs="$(nproc)"
# ctest runs tests side by side: each test's math stays on one thread, so OpenMP teams never
# spin against each other on a small machine (tests that time threads set them explicitly).
export OMP_NUM_THREADS=1
# Each stage's start, in seconds since this script began (CI must stay well under 30 minutes).
stage() { echo "== $* (at ${SECONDS} s) ==" >&2; }
# ctest starts the longest tests first when it knows their times, so that no long test runs
# alone at the end while the other core idles; a clean clone has none, so each build starts
# from the times committed in tests/ctest_costs/ (a suite's slow tests, measured in CI). ctest
# keeps them up to date in the build from then on.
seed_test_costs() {
  local costs="$GANSCOPE_ROOT/tests/ctest_costs/$2.txt" dir="$1/Testing/Temporary"
  if [ -f "$costs" ] && [ ! -f "$dir/CTestCostData.txt" ]; then
    mkdir -p "$dir" && cp "$costs" "$dir/CTestCostData.txt"
  fi
}

stage "Release build and suite"
ganscope_build "$GANSCOPE_ROOT/build"
seed_test_costs "$GANSCOPE_ROOT/build" release
(cd "$GANSCOPE_ROOT/build" && ctest --output-on-failure -j"$jobs")

if [ "${1:-}" != "--quick" ]; then
  stage "AddressSanitizer + UndefinedBehaviorSanitizer"
  ganscope_build "$GANSCOPE_ROOT/build-asan" -DGANSCOPE_SANITIZE_ADDRESS=ON \
    -DGANSCOPE_SANITIZE_UNDEFINED=ON -DGANSCOPE_GUI=OFF
  # The learning tests (thousands of steps) are left to the Release suite: under ASan they
  # take minutes and exercise no code that the other tests do not. So are the lessons' effects
  # (LessonEffects: a lesson's claim holds for the seeds it names in the optimised build, and
  # -O1 rounds differently, so a run takes another path; the Lesson tests run their scripts'
  # code here) and the classifier's distance on Fashion-MNIST (37 s; FcdCommand's test runs
  # that code).
  seed_test_costs "$GANSCOPE_ROOT/build-asan" asan
  (cd "$GANSCOPE_ROOT/build-asan" && ctest --output-on-failure -j"$jobs" \
    -E "Learning|LessonEffects|ImageClassifier.FrechetDistanceOnFashionMnist")

  stage "ThreadSanitizer: the session's thread contract"
  # Only the executable that holds the Session tests: the other four would take minutes to
  # build under TSan and run nothing here.
  GANSCOPE_TARGETS="test_train" ganscope_build "$GANSCOPE_ROOT/build-tsan" \
    -DGANSCOPE_SANITIZE_THREAD=ON -DGANSCOPE_GUI=OFF
  # As many at once as there are cores, as in the other suites (on 2 cores 19 s, not 36 s).
  (cd "$GANSCOPE_ROOT/build-tsan" && TSAN_OPTIONS="halt_on_error=1" \
    ctest --output-on-failure -j"$jobs" -R "Session")

  stage "libFuzzer"
  # clang's metapackages: libclang-rt-dev holds libFuzzer (only recommended by clang), and
  # libomp-dev is clang's OpenMP. Debian's OpenBLAS uses GCC's (libgomp), and two OpenMP
  # runtimes do not share a process well, so this build keeps Eigen's own GEMM.
  ganscope_install_packages clang libclang-rt-dev libomp-dev
  GANSCOPE_TARGETS="fuzz_idx fuzz_checkpoint fuzz_config fuzz_points_csv fuzz_run_files" \
    ganscope_build "$GANSCOPE_ROOT/build-fuzz" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DGANSCOPE_FUZZ=ON -DGANSCOPE_SANITIZE_ADDRESS=ON -DGANSCOPE_SANITIZE_UNDEFINED=ON \
    -DGANSCOPE_GUI=OFF -DGANSCOPE_TESTS=OFF -DGANSCOPE_BLAS=OFF
  "$GANSCOPE_ROOT/tests/fuzz/run_fuzzers.sh" "$GANSCOPE_ROOT/build-fuzz" 20
fi
stage "done"
