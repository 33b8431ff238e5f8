#!/usr/bin/env bash
# Install what is missing, build, and run every test: the Release suite (including the GUI
# under Xvfb), then the suite again under AddressSanitizer + UndefinedBehaviorSanitizer, then
# the threading tests under ThreadSanitizer. --quick runs only the Release suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ganscope_install_packages "${GANSCOPE_PACKAGES[@]}"
jobs="$(nproc)"

ganscope_build "$GANSCOPE_ROOT/build"
(cd "$GANSCOPE_ROOT/build" && ctest --output-on-failure -j"$jobs")

if [ "${1:-}" != "--quick" ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer ==" >&2
  ganscope_build "$GANSCOPE_ROOT/build-asan" -DGANSCOPE_SANITIZE_ADDRESS=ON \
    -DGANSCOPE_SANITIZE_UNDEFINED=ON -DGANSCOPE_GUI=OFF
  (cd "$GANSCOPE_ROOT/build-asan" && ctest --output-on-failure -j"$jobs")

  echo "== ThreadSanitizer: the session's thread contract ==" >&2
  ganscope_build "$GANSCOPE_ROOT/build-tsan" -DGANSCOPE_SANITIZE_THREAD=ON -DGANSCOPE_GUI=OFF
  (cd "$GANSCOPE_ROOT/build-tsan" && TSAN_OPTIONS="halt_on_error=1" ctest --output-on-failure -R "Session")
fi
