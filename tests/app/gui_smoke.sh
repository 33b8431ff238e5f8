#!/bin/sh
# GUI smoke test (ctest app.gui_smoke): usage gui_smoke.sh GANSCOPE_BINARY SCRATCH_DIR
#  1. Without a display, or with an OpenGL older than 3.3, `ganscope gui` fails with one line on
#     stderr pointing to the headless commands.
#  2. Under Xvfb, two screenshots of the default run (Fashion-MNIST) after 30 and 300 frames:
#     right size, not blank, no GL errors, and the sample grid changed as training went on
#     (check_screenshots.py).
#  3. Window events while training runs (on a 1024x640 screen): x11_window.py minimises and
#     restores the window, shrinks it to 1x1, grows it past the screen, moves it partly off
#     the screen and back, with real X requests. The run must end on its own (minimised frames
#     count towards --frames), with no GL error, having really been minimised and drawn tiny.
#  4. The default data missing (GANSCOPE_FASHION_MNIST_DIR=/nonexistent): the window opens on
#     the 2D ring with a notice saying why.
#  3b. No text over text in the Controls and the latent explorer, and none cut at its side in
#     the explorer or the D histogram, at 1024x700 and 2560x1440 (the layout lines printed).
#  5. The ring's plane on a wide, low screen (so its plot is far from square): D's heatmap is
#     in the plot, uploaded once per snapshot, drawn with no GL error, over the view the UI
#     sent the trainer (check_screenshots.py --plane).
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

# check_layout OUT: no text over text in the Controls and the latent explorer, and no text
# cut at its side in the explorer or the D histogram (the "layout" lines --screenshot prints).
check_layout() {
  grep -q "^layout 'Controls' " "$1" || fail "$1: no layout report for the Controls"
  bad=$(awk '/^layout / {
      n = split($0, q, "\047"); rest = q[3]; split(rest, f, " ");
      # f: glyphs G overlaps O WHERE clipped C WHERE
      if (f[4] != 0 && (q[2] == "Controls" || q[2] == "Latent explorer")) print q[2] ": " f[4] " overlapping glyphs " f[5];
      if (f[7] != 0 && q[2] != "Controls") print q[2] ": " f[7] " glyphs cut at the side " f[8];
    }' "$1")
  [ -z "$bad" ] || fail "$1: text layout: $bad"
}

mkdir -p "$SCRATCH" || fail "cannot create $SCRATCH"
# A home of the test's own: the window continues the newest autosave it finds there (none).
rm -rf "$SCRATCH/home"
mkdir -p "$SCRATCH/home" || fail "cannot create $SCRATCH/home"
export HOME="$SCRATCH/home"
unset XDG_STATE_HOME
rm -f "$SCRATCH"/*.png "$SCRATCH"/*.out "$SCRATCH"/*.err "$SCRATCH"/*.codes "$SCRATCH"/*.tmp

# 1. No display.
env -u DISPLAY -u WAYLAND_DISPLAY "$BIN" gui >"$SCRATCH/nodisplay.out" 2>"$SCRATCH/nodisplay.err"
code=$?
[ "$code" -ne 0 ] || fail "gui without a display exited 0"
lines=$(wc -l <"$SCRATCH/nodisplay.err")
[ "$lines" -eq 1 ] || fail "gui without a display printed $lines lines on stderr, expected 1: $(cat "$SCRATCH/nodisplay.err")"
grep -q headless "$SCRATCH/nodisplay.err" || fail "the no-display message does not mention the headless commands: $(cat "$SCRATCH/nodisplay.err")"
echo "no display: exit $code: $(cat "$SCRATCH/nodisplay.err")"

# 2. A display whose OpenGL is older than 3.3 (Mesa told to offer 3.0): the same one line.
command -v xvfb-run >/dev/null || fail "xvfb-run is not installed"
MESA_GL_VERSION_OVERRIDE=3.0 MESA_GLSL_VERSION_OVERRIDE=130 \
  xvfb-run -a -s "-screen 0 1024x640x24" "$BIN" gui --preset ring --screenshot "$SCRATCH/oldgl.png" \
  --frames 5 >"$SCRATCH/oldgl.out" 2>"$SCRATCH/oldgl.err"
code=$?
[ "$code" -ne 0 ] || fail "gui on OpenGL 3.0 exited 0"
[ ! -e "$SCRATCH/oldgl.png" ] || fail "gui on OpenGL 3.0 wrote a screenshot"
lines=$(wc -l <"$SCRATCH/oldgl.err")
[ "$lines" -eq 1 ] || fail "gui on OpenGL 3.0 printed $lines lines on stderr, expected 1: $(cat "$SCRATCH/oldgl.err")"
grep -q "OpenGL 3.3" "$SCRATCH/oldgl.err" && grep -q headless "$SCRATCH/oldgl.err" ||
  fail "the old-OpenGL message should name OpenGL 3.3 and the headless commands: $(cat "$SCRATCH/oldgl.err")"
echo "OpenGL 3.0: exit $code: $(cat "$SCRATCH/oldgl.err")"

# 3. Screenshots while training runs.
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
check_layout "$SCRATCH/a.out"
check_layout "$SCRATCH/b.out"

# 3b. Text layout at a small and a large window, on images and on the plane.
for case in ring:1024x700 mlp:1024x700 mlp:2560x1440 ring:2560x1440; do
  preset=${case%%:*}
  size=${case#*:}
  xvfb-run -a -s "-screen 0 ${size}x24" "$BIN" gui --preset "$preset" --window "$size" \
    --screenshot "$SCRATCH/layout-$preset-$size.png" --frames 20 \
    >"$SCRATCH/layout-$preset-$size.out" 2>"$SCRATCH/layout-$preset-$size.err" ||
    fail "gui --preset $preset --window $size failed: $(cat "$SCRATCH/layout-$preset-$size.err")"
  check_layout "$SCRATCH/layout-$preset-$size.out"
  echo "layout $preset $size: $(grep -c '^layout' "$SCRATCH/layout-$preset-$size.out") panels clean"
done

# 4. Window events. The driver and ganscope share one X server; the driver waits for the
# window, then acts while training runs, for about 4.4 s. Frames are paced at 60 a second at
# most, so 360 frames last at least 6 s after loading, on any machine: the driver is done
# before the screenshot is taken, with the window back at full size. A smaller screen than
# above: a second window size, and software GL draws it about three times faster.
EVENTS_WIDTH=1024
EVENTS_HEIGHT=640
start=$(date +%s)
xvfb-run -a -s "-screen 0 ${EVENTS_WIDTH}x${EVENTS_HEIGHT}x24" sh -c '
  "$1" gui --screenshot "$2/events.png" --frames 360 >"$2/events.out" 2>"$2/events.err" &
  gui=$!
  /usr/bin/python3 "$3/x11_window.py" "$gui" sleep:1 iconify sleep:1 restore sleep:0.3 \
    size:1x1 sleep:0.3 size:320x200 sleep:0.3 iconify sleep:0.3 restore sleep:0.3 \
    move:-700,-400 sleep:0.3 move:1300,800 sleep:0.3 size:2400x1500 sleep:0.3 \
    move:0,0 size:"$4" >"$2/driver.out" 2>&1
  driver=$?
  wait $gui
  echo "$driver $?" >"$2/events.codes"
' sh "$BIN" "$SCRATCH" "$HERE" "${EVENTS_WIDTH}x${EVENTS_HEIGHT}"
read -r driver code <"$SCRATCH/events.codes" || fail "window events: no exit codes"
echo "window events: driver exit $driver, gui exit $code, $(($(date +%s) - start)) s"
cat "$SCRATCH/driver.out"
[ "$driver" -eq 0 ] || fail "the window driver failed (above)"
[ "$code" -eq 0 ] || fail "gui exited $code after window events: $(cat "$SCRATCH/events.err")"
grep -q '^x11_window: done' "$SCRATCH/driver.out" || fail "the window driver did not finish"
# "minimised_frames M smallest_width W smallest_height H"
stats=$(grep '^minimised_frames ' "$SCRATCH/events.out")
minimised=$(echo "$stats" | cut -d' ' -f2)
smallest_w=$(echo "$stats" | cut -d' ' -f4)
smallest_h=$(echo "$stats" | cut -d' ' -f6)
[ "${minimised:-0}" -gt 0 ] || fail "gui never saw the window minimised: $(cat "$SCRATCH/events.out")"
[ "${smallest_w:-9999}" -le 320 ] && [ "${smallest_h:-9999}" -le 200 ] ||
  fail "gui never drew into the shrunken window (smallest: ${smallest_w}x${smallest_h})"
/usr/bin/python3 "$HERE/check_screenshots.py" --one "$SCRATCH/events.png" "$SCRATCH/events.out" \
  "$EVENTS_WIDTH" "$EVENTS_HEIGHT" || fail "window events screenshot checks (above)"
check_layout "$SCRATCH/events.out"

# 5. No Fashion-MNIST: the ring, with a notice.
GANSCOPE_FASHION_MNIST_DIR=/nonexistent xvfb-run -a -s "-screen 0 ${WIDTH}x${HEIGHT}x24" \
  "$BIN" gui --screenshot "$SCRATCH/fallback.png" --frames 30 \
  >"$SCRATCH/fallback.out" 2>"$SCRATCH/fallback.err"
code=$?
[ "$code" -eq 0 ] || fail "gui without Fashion-MNIST exited $code: $(cat "$SCRATCH/fallback.err")"
grep -qx 'preset ring' "$SCRATCH/fallback.out" ||
  fail "gui without Fashion-MNIST did not open on the ring: $(cat "$SCRATCH/fallback.out")"
grep -q '^notice .' "$SCRATCH/fallback.out" ||
  fail "gui without Fashion-MNIST showed no notice: $(cat "$SCRATCH/fallback.out")"
echo "fallback: $(grep '^notice' "$SCRATCH/fallback.out")"
/usr/bin/python3 "$HERE/check_screenshots.py" --one "$SCRATCH/fallback.png" \
  "$SCRATCH/fallback.out" "$WIDTH" "$HEIGHT" || fail "fallback screenshot checks (above)"
# 6. The plane (2D data).
PLANE_WIDTH=1600
PLANE_HEIGHT=700
xvfb-run -a -s "-screen 0 ${PLANE_WIDTH}x${PLANE_HEIGHT}x24" \
  "$BIN" gui --preset ring --screenshot "$SCRATCH/plane.png" --frames 120 \
  >"$SCRATCH/plane.out" 2>"$SCRATCH/plane.err"
code=$?
[ "$code" -eq 0 ] || fail "gui --preset ring exited $code: $(cat "$SCRATCH/plane.err")"
/usr/bin/python3 "$HERE/check_screenshots.py" --plane "$SCRATCH/plane.png" "$SCRATCH/plane.out" \
  "$PLANE_WIDTH" "$PLANE_HEIGHT" || fail "plane screenshot checks (above)"
check_layout "$SCRATCH/plane.out"
# 7. Switching preset from the window (the menu's path, driven by --switch-to): the new model
# trains and shows images; a preset whose data is missing leaves the old run going, with a notice.
xvfb-run -a -s "-screen 0 ${WIDTH}x${HEIGHT}x24" \
  "$BIN" gui --preset ring --screenshot "$SCRATCH/switch.png" --frames 60 --switch-to mlp \
  >"$SCRATCH/switch.out" 2>"$SCRATCH/switch.err"
code=$?
[ "$code" -eq 0 ] || fail "gui --switch-to mlp exited $code: $(cat "$SCRATCH/switch.err")"
grep -qx 'preset mlp' "$SCRATCH/switch.out" && grep -q "^notice switched from 'ring'" "$SCRATCH/switch.out" &&
  grep -q ' images 1$' "$SCRATCH/switch.out" ||
  fail "gui did not switch from ring to mlp: $(cat "$SCRATCH/switch.out")"
GANSCOPE_FASHION_MNIST_DIR=/nonexistent xvfb-run -a -s "-screen 0 ${WIDTH}x${HEIGHT}x24" \
  "$BIN" gui --preset ring --screenshot "$SCRATCH/noswitch.png" --frames 30 --switch-to dcgan \
  >"$SCRATCH/noswitch.out" 2>"$SCRATCH/noswitch.err"
code=$?
[ "$code" -eq 0 ] || fail "gui --switch-to dcgan without its data exited $code: $(cat "$SCRATCH/noswitch.err")"
grep -qx 'preset ring' "$SCRATCH/noswitch.out" &&
  grep -q "^notice cannot switch to 'dcgan'" "$SCRATCH/noswitch.out" ||
  fail "a failed switch did not keep the ring with a notice: $(cat "$SCRATCH/noswitch.out")"
echo "switch: $(grep '^notice' "$SCRATCH/noswitch.out")"
# 8. A folder of pictures in the window: the loading screen shows the folder's progress with
# a bar (GANSCOPE_TEST_LOADING_PNG keeps its last frame), then the run is dcgan32 on them.
mkdir -p "$SCRATCH/pictures/red" "$SCRATCH/pictures/blue"
/usr/bin/python3 -c '
import sys
for i in range(400):
    c = b"\xdc\x28\x28" if i % 2 else b"\x28\x28\xdc"
    with open("%s/%s/%d.ppm" % (sys.argv[1], "red" if i % 2 else "blue", i), "wb") as f:
        f.write(b"P6 40 40 255\n" + c * 1600)
' "$SCRATCH/pictures"
GANSCOPE_TEST_LOADING_PNG="$SCRATCH/loading.png" xvfb-run -a -s "-screen 0 ${WIDTH}x${HEIGHT}x24" \
  "$BIN" gui --data "$SCRATCH/pictures" --screenshot "$SCRATCH/pictures.png" --frames 5 \
  >"$SCRATCH/pictures.out" 2>"$SCRATCH/pictures.err"
code=$?
[ "$code" -eq 0 ] || fail "gui --data a folder of pictures exited $code: $(cat "$SCRATCH/pictures.err")"
[ -s "$SCRATCH/loading.png" ] || fail "no loading frame with a progress bar was drawn"
grep -q '^loading_frames [2-9]' "$SCRATCH/pictures.out" && grep -qx 'preset dcgan32' "$SCRATCH/pictures.out" ||
  fail "the folder's loading or run: $(grep '^loading_frames\|^preset' "$SCRATCH/pictures.out")"
echo "pictures: $(grep '^loading_frames' "$SCRATCH/pictures.out"), $(tr '\r' '\n' < "$SCRATCH/pictures.err" | grep reading | tail -1)"
echo "gui_smoke: OK"
