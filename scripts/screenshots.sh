#!/usr/bin/env bash
# Remakes the README's window screenshots (docs/*.png) from runs trained here, under Xvfb, with
# HOME in a scratch folder (no autosave of yours is read or written).
#   usage: scripts/screenshots.sh [BUILD_DIR]     (default: build; takes about 5 minutes)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$ROOT/build}/ganscope"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
export HOME="$T/home"
mkdir -p "$HOME"
shot() {  # shot OUT.png FRAMES ARGS...: the window at 1600x1000 after FRAMES frames
  local out=$1 frames=$2
  shift 2
  xvfb-run -a -s "-screen 0 1600x1000x24" "$BIN" gui "$@" --screenshot "$out" --frames "$frames" >/dev/null
  echo "wrote $out"
}
"$BIN" train --preset mlp --steps 5000 --out "$T/mlp" >/dev/null
shot "$ROOT/docs/screenshot.png" 900 --checkpoint "$T/mlp/checkpoint"
"$BIN" train --preset ring --steps 13000 --seed 1 --out "$T/ring" >/dev/null
shot "$ROOT/docs/ring-playground.png" 60 --checkpoint "$T/ring/checkpoint"
"$BIN" train --preset ring_collapse --steps 6000 --out "$T/collapse" >/dev/null
shot "$ROOT/docs/ring-collapse.png" 60 --checkpoint "$T/collapse/checkpoint"
