#!/usr/bin/env bash
# Installs the Debian 12 packages ganscope needs (only the missing ones, with apt-get), then
# configures and builds. Sourced by scripts/run.sh and scripts/test.sh.
#   usage: scripts/setup.sh [BUILD_DIR] [extra cmake options...]
set -euo pipefail

GANSCOPE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GANSCOPE_PACKAGES=(
  cmake g++ make pkg-config
  libeigen3-dev zlib1g-dev nlohmann-json3-dev libstb-dev   # engine
  libgif-dev                                                # GIF exports
  libopenblas-openmp-dev                                    # GEMM (GANSCOPE_BLAS)
  libglfw3-dev libimgui-dev python3-glad libgl-dev libx11-dev  # GUI
  libgl1-mesa-dri xvfb xauth xdotool                        # OpenGL in software, GUI tests
  libgtest-dev libbenchmark-dev                             # tests
  dataset-fashion-mnist                                     # the default data
)

ganscope_install_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "ganscope: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# ganscope_build BUILD_DIR [cmake options...]
# ganscope_build BUILD_DIR [CMAKE_ARGS...]: configures and builds everything, or only the
# targets named in GANSCOPE_TARGETS (space-separated) when that is set.
ganscope_build() {
  local build="$1"
  shift
  cmake -S "$GANSCOPE_ROOT" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  # shellcheck disable=SC2086  # the target list is meant to split
  cmake --build "$build" -j"$(nproc)" ${GANSCOPE_TARGETS:+--target $GANSCOPE_TARGETS}
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  ganscope_install_packages "${GANSCOPE_PACKAGES[@]}"
  ganscope_build "${1:-$GANSCOPE_ROOT/build}" "${@:2}"
fi
