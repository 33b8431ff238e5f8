#!/bin/sh
# A sample's own window (ctest app.gui_sample): usage gui_sample.sh GANSCOPE_BINARY SCRATCH
#  1. --open-sample 5 on the mlp preset: the window shows sample 5 at every frame the trainer
#     kept (step 0 and 200 at least), its 5 nearest training images searched over the whole
#     training set (the nearest at a distance above 0: an untrained G copies nothing), and
#     its text neither overlaps other text nor is cut at a side.
#  2. As a person does it: double-clicking a cell of the grid (xdotool, --with-mouse) opens
#     that cell's window; then a click at the left end of the grid's time slider shows the
#     grid kept at step 0 while training goes on.
#  3. A conditional GAN's grid (preset cgan): its Rows combo, clicked open and on Shirt
#     (popup line 7, after "a row per class" and six classes), shows that class alone.
# HOME is a folder of the test's own, so no user's autosaves are touched.
set -u
BIN=$1
SCRATCH=$2
SCREEN="-screen 0 1600x1000x24"
GUI_TEST=gui_sample
. "$(dirname "$0")/gui_scratch.sh"

# Batches of 16 make 200 steps quick on a busy machine.
xvfb-run -a -s "$SCREEN" "$BIN" gui --preset mlp --set batch=16 --threads 1 --open-sample 5 \
  --screenshot "$SCRATCH/open.png" --frames 100 >"$SCRATCH/open.out" 2>"$SCRATCH/open.err" ||
  fail "gui --open-sample: $(cat "$SCRATCH/open.err")"
view=$(grep '^sample_view ' "$SCRATCH/open.out") || fail "no sample view: $(cat "$SCRATCH/open.out")"
echo "$view"
echo "$view" | awk '{
    # sample_view sample S frames F kept K nearest N first_index I first_distance D searched M nearest_ms T
    if ($3 != 5) { print "sample " $3 ", not 5"; exit 1 }
    if ($5 < 2 || $5 != $7) { print $5 " frames shown of " $7 " kept (2 at least)"; exit 1 }
    if ($9 != 5 || $11 < 0 || $13 <= 0) { print "nearest " $9 " first #" $11 " at " $13; exit 1 }
    if ($15 < 50000) { print "searched " $15 " images, not the whole training set"; exit 1 }
  }' || fail "the sample view: $view"
# Text cut at a side is allowed only in a strip scrolled to its newest frames (more than about
# 12 kept), whose first label the strip's edge cuts.
bad=$(awk '/^layout .Sample #5/ { split($0, q, "\047"); split(q[3], f, " "); if (f[4] != 0 || (f[7] != 0 && kept <= 12)) print }' \
  kept="$(echo "$view" | awk '{ print $7 }')" "$SCRATCH/open.out")
grep -q "^layout 'Sample #5" "$SCRATCH/open.out" || fail "no layout report for the sample view"
[ -z "$bad" ] || fail "the sample view's text: $bad"

# Cell 10 (row 1, column 2 of the 8 x 8 grid), where the first run drew it: the window has the
# same size, so the same layout.
set -- $(grep '^grid_rect ' "$SCRATCH/open.out")
x=$(( $2 + $4 * 5 / 16 ))
y=$(( $3 + $5 * 3 / 16 ))
# grid_time shown S live L frames N slider X0 Y0 X1 Y1
set -- $(grep '^grid_time ' "$SCRATCH/open.out") || fail "no grid_time line"
tx=$(( $9 + 3 )); ty=$(( (${10} + ${12}) / 2 ))
# On a busy machine a frame can take longer than the gap between two clicks, and the window
# then sees one click: the clicks are 0.35 s apart (the grid takes 0.5 s as a double click),
# and there are two tries.
MOUSE_FRAMES=220 gui_with_mouse click "xdotool mousemove $x $y
  for try in 1 2; do sleep 0.8; xdotool click --repeat 2 --delay 350 1; done
  sleep 0.5; xdotool mousemove $tx $ty; sleep 0.3; xdotool click 1; sleep 0.3; xdotool mousemove 10 990" \
  --preset mlp --set batch=16 --threads 1 || fail "gui with the mouse: $(cat "$SCRATCH/click.err")"
grep -q '^sample_view sample 10 ' "$SCRATCH/click.out" ||
  fail "a double click at $x,$y did not open sample 10: $(grep '^sample_view\|^grid_rect' "$SCRATCH/click.out")"
echo "double click: $(grep '^sample_view' "$SCRATCH/click.out")"
grep '^grid_time ' "$SCRATCH/click.out" | awk '{ exit !($3 == 0 && $5 > 0 && $7 >= 2) }' ||
  fail "the time slider's left end did not show step 0 while training went on: $(grep '^grid_time' "$SCRATCH/click.out")"
echo "time slider: $(grep '^grid_time' "$SCRATCH/click.out")"

xvfb-run -a -s "$SCREEN" "$BIN" gui --preset cgan --set batch=16 --threads 1 --screenshot "$SCRATCH/cgan.png" \
  --frames 10 >"$SCRATCH/cgan.out" 2>"$SCRATCH/cgan.err" || fail "gui --preset cgan: $(cat "$SCRATCH/cgan.err")"
# grid_class C combo X0 Y0 X1 Y1 line H pad P
set -- $(grep '^grid_class ' "$SCRATCH/cgan.out") || fail "no grid_class line: $(cat "$SCRATCH/cgan.out")"
[ "$2" = -1 ] || fail "the conditional grid started on class $2, not a row per class"
cx=$(( ($4 + $6) / 2 )); cy=$(( ($5 + $7) / 2 ))
sy=$(( $7 + ${11} + 7 * $9 + $9 / 2 ))
gui_with_mouse rows "xdotool mousemove $cx $cy; sleep 0.3; xdotool click 1; sleep 1
  xdotool mousemove $cx $sy; sleep 0.3; xdotool click 1; sleep 0.3
  xdotool mousemove 10 990" \
  --preset cgan --set batch=16 --threads 1 || fail "gui --preset cgan with the mouse: $(cat "$SCRATCH/rows.err")"
grep -q '^grid_class 6 ' "$SCRATCH/rows.out" ||
  fail "clicking the Rows combo ($cx,$cy) and Shirt ($cx,$sy) did not show class 6: $(grep '^grid_class' "$SCRATCH/rows.out")"
echo "rows: $(grep '^grid_class' "$SCRATCH/rows.out")"
[ -z "$(ls -A "$HOME/.local/state/ganscope" 2>/dev/null)" ] || fail "a screenshot run left an autosave"
echo "gui_sample: ok"
