#!/usr/bin/env bash
# Quick start: install what is missing, build Release, open the GUI (arguments pass through,
# e.g. scripts/run.sh --preset ring, or scripts/run.sh train --help).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ganscope_install_packages "${GANSCOPE_PACKAGES[@]}"
ganscope_build "$GANSCOPE_ROOT/build"
exec "$GANSCOPE_ROOT/build/ganscope" "$@"
