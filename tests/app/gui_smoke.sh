#!/bin/sh
# GUI smoke test (ctest app.gui_smoke): usage gui_smoke.sh GANSCOPE_BINARY SCRATCH_DIR
#  1. Without a display, `ganscope gui` fails with one line on stderr pointing to the headless
#     commands.
#  2. Under Xvfb, two screenshots of the default run (Fashion-MNIST) after 30 and 300 frames:
#     right size, not blank, and the sample grid changed as training went on
#     (check_screenshots.py).
set -u
BIN=$1
SCRATCH=$2
HERE=$(cd "$(dirname "$0")" && pwd)
WIDTH=1600
HEIGHT=1000

fail() {
  echo "gui_smoke: FAIL: $*"
  exit 1
}

mkdir -p "$SCRATCH" || fail "cannot create $SCRATCH"
rm -f "$SCRATCH"/a.png "$SCRATCH"/b.png "$SCRATCH"/*.tmp

# 1. No display.
env -u DISPLAY -u WAYLAND_DISPLAY "$BIN" gui >"$SCRATCH/nodisplay.out" 2>"$SCRATCH/nodisplay.err"
code=$?
[ "$code" -ne 0 ] || fail "gui without a display exited 0"
lines=$(wc -l <"$SCRATCH/nodisplay.err")
[ "$lines" -eq 1 ] || fail "gui without a display printed $lines lines on stderr, expected 1: $(cat "$SCRATCH/nodisplay.err")"
grep -q headless "$SCRATCH/nodisplay.err" || fail "the no-display message does not mention the headless commands: $(cat "$SCRATCH/nodisplay.err")"
echo "no display: exit $code: $(cat "$SCRATCH/nodisplay.err")"

# 2. Screenshots while training runs.
command -v xvfb-run >/dev/null || fail "xvfb-run is not installed"
for shot in a:30 b:300; do
  name=${shot%%:*}
  frames=${shot#*:}
  xvfb-run -a -s "-screen 0 ${WIDTH}x${HEIGHT}x24" \
    "$BIN" gui --screenshot "$SCRATCH/$name.png" --frames "$frames" \
    >"$SCRATCH/$name.out" 2>"$SCRATCH/$name.err"
  code=$?
  [ "$code" -eq 0 ] || fail "gui --screenshot --frames $frames exited $code: $(cat "$SCRATCH/$name.err")"
  [ -s "$SCRATCH/$name.png" ] || fail "no screenshot at $SCRATCH/$name.png"
  [ ! -e "$SCRATCH/$name.png.tmp" ] || fail "a temporary file was left: $SCRATCH/$name.png.tmp"
done

/usr/bin/python3 "$HERE/check_screenshots.py" "$SCRATCH/a.png" "$SCRATCH/a.out" \
  "$SCRATCH/b.png" "$SCRATCH/b.out" "$WIDTH" "$HEIGHT" || fail "screenshot checks (above)"
echo "gui_smoke: OK"
