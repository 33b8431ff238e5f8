#!/bin/sh
# Exports from the window (ctest app.gui_export): usage gui_export.sh GANSCOPE_BINARY SCRATCH
#  1. An image run (mlp), as a person does it (xdotool): the Samples panel's Export menu,
#     "Timelapse GIF", then "Grid PNG, full resolution", then the PNG in the Loss curves
#     panel's title bar, then the latent explorer's Export menu, "Walk GIF" and "Walk PNG
#     strip": five files in ~/ganscope-exports (HOME has no Pictures folder), named after the
#     run and step, two GIFs and three PNGs.
#  2. A 2D run (ring) with another run's metrics.csv overlaid (--overlay: its 3 rows read), then
#     the plane's "Timelapse GIF" button and the plane panel's PNG, and a click at the left end
#     of the plane's time slider (G's points kept at step 0 while training goes on); an overlay
#     that is not a metrics file is an error on the plot, not a failed start.
# HOME is a folder of the test's own, so no user's files are touched.
set -u
BIN=$1
SCRATCH=$2
SCREEN="-screen 0 1600x1000x24"
GUI_TEST=gui_export
. "$(dirname "$0")/gui_scratch.sh"
OUT="$HOME/ganscope-exports"

# magic FILE: the file's first bytes as text (GIF89a, or \x89PNG's "PNG").
magic() { head -c 6 "$1" | tr -dc 'A-Za-z0-9'; }

xvfb-run -a -s "$SCREEN" "$BIN" gui --preset mlp --set batch=16 --threads 1 --screenshot "$SCRATCH/mlp.png" \
  --frames 10 >"$SCRATCH/mlp.out" 2>"$SCRATCH/mlp.err" || fail "gui --preset mlp: $(cat "$SCRATCH/mlp.err")"
# export_button X0 Y0 X1 Y1 line H pad P; panel_png NAME X0 Y0 X1 Y1
set -- $(grep '^export_button ' "$SCRATCH/mlp.out") || fail "no export_button line: $(cat "$SCRATCH/mlp.out")"
ex=$(( ($2 + $4) / 2 )); ey=$(( ($3 + $5) / 2 ))
# The menu opens at the click: its line k (from 0) is at pad + (k + 1/2) lines below it.
gx=$(( ex + 30 )); gif_y=$(( ey + ${9} + $7 / 2 )); png_y=$(( ey + ${9} + $7 + $7 / 2 ))
line=$7 pad=$9
set -- $(grep '^panel_png loss-curves ' "$SCRATCH/mlp.out") || fail "no PNG button on the loss curves"
lx=$(( ($3 + $5) / 2 )); ly=$(( ($4 + $6) / 2 ))
set -- $(grep '^walk_export_button ' "$SCRATCH/mlp.out") || fail "no walk export button"
wx=$(( ($2 + $4) / 2 )); wy=$(( ($3 + $5) / 2 ))
wgif_y=$(( wy + pad + line / 2 )); wpng_y=$(( wy + pad + line + line / 2 ))
# About 10 s of clicks: 380 frames.
MOUSE_FRAMES=380 gui_with_mouse mlp-clicks "xdotool mousemove $ex $ey; sleep 0.3; xdotool click 1; sleep 0.6
  xdotool mousemove $gx $gif_y; sleep 0.3; xdotool click 1; sleep 1.5
  xdotool mousemove $ex $ey; sleep 0.3; xdotool click 1; sleep 0.6
  xdotool mousemove $gx $png_y; sleep 0.3; xdotool click 1; sleep 1.5
  xdotool mousemove $lx $ly; sleep 0.3; xdotool click 1; sleep 1
  xdotool mousemove $wx $wy; sleep 0.3; xdotool click 1; sleep 0.6
  xdotool mousemove $(( wx + 30 )) $wgif_y; sleep 0.3; xdotool click 1; sleep 1.2
  xdotool mousemove $wx $wy; sleep 0.3; xdotool click 1; sleep 0.6
  xdotool mousemove $(( wx + 30 )) $wpng_y; sleep 0.3; xdotool click 1; sleep 0.5
  xdotool mousemove 10 990" \
  --preset mlp --set batch=16 --threads 1 || fail "gui with the mouse: $(cat "$SCRATCH/mlp-clicks.err")"
grep '^exports ' "$SCRATCH/mlp-clicks.out"
ls "$OUT"
for f in "$OUT"/mlp-step*-timelapse.gif; do [ "$(magic "$f")" = GIF89a ] || fail "no timelapse GIF: $(ls "$OUT")"; done
for f in "$OUT"/mlp-step*-walk.gif; do [ "$(magic "$f")" = GIF89a ] || fail "no walk GIF: $(ls "$OUT")"; done
for f in "$OUT"/mlp-step*-grid.png "$OUT"/mlp-step*-loss-curves.png "$OUT"/mlp-step*-walk.png; do
  [ "$(magic "$f")" = PNG ] || fail "no $f: $(ls "$OUT")"
done
[ "$(ls "$OUT" | wc -l)" = 5 ] || fail "not five files: $(ls -a "$OUT")"

mkdir -p "$SCRATCH/other"
printf 'step,loss_d,loss_g\n1,0.7,0.7\n2,0.6,0.8\n3,0.5,0.9\n' >"$SCRATCH/other/metrics.csv"
xvfb-run -a -s "$SCREEN" "$BIN" gui --preset ring --threads 1 --overlay "$SCRATCH/other" --screenshot "$SCRATCH/ring.png" \
  --frames 10 >"$SCRATCH/ring.out" 2>"$SCRATCH/ring.err" || fail "gui --preset ring: $(cat "$SCRATCH/ring.err")"
grep -q "^overlay rows 3 error ''" "$SCRATCH/ring.out" || fail "the overlay: $(grep '^overlay' "$SCRATCH/ring.out")"
xvfb-run -a -s "$SCREEN" "$BIN" gui --preset ring --threads 1 --overlay "$SCRATCH/ring.png" --screenshot "$SCRATCH/bad.png" \
  --frames 3 >"$SCRATCH/bad.out" 2>"$SCRATCH/bad.err" || fail "a bad overlay stopped the window: $(cat "$SCRATCH/bad.err")"
grep -q "^overlay rows 0 error '.*ring.png: not a metrics.csv" "$SCRATCH/bad.out" ||
  fail "a PNG as the overlay: $(grep '^overlay' "$SCRATCH/bad.out")"
set -- $(grep '^export_button ' "$SCRATCH/ring.out") || fail "no export_button line: $(cat "$SCRATCH/ring.out")"
ex=$(( ($2 + $4) / 2 )); ey=$(( ($3 + $5) / 2 ))
set -- $(grep '^panel_png plane ' "$SCRATCH/ring.out") || fail "no PNG button on the plane"
px=$(( ($3 + $5) / 2 )); py=$(( ($4 + $6) / 2 ))
# plane_time past P live L frames N slider X0 Y0 X1 Y1
set -- $(grep '^plane_time ' "$SCRATCH/ring.out") || fail "no plane_time line"
tx=$(( $9 + 3 )); ty=$(( (${10} + ${12}) / 2 ))
MOUSE_FRAMES=200 gui_with_mouse ring-clicks "xdotool mousemove $ex $ey; sleep 0.3; xdotool click 1; sleep 1.5
  xdotool mousemove $px $py; sleep 0.3; xdotool click 1; sleep 0.8
  xdotool mousemove $tx $ty; sleep 0.3; xdotool click 1; sleep 0.3
  xdotool mousemove 10 990" \
  --preset ring --threads 1 || fail "gui --preset ring with the mouse: $(cat "$SCRATCH/ring-clicks.err")"
grep '^exports ' "$SCRATCH/ring-clicks.out"
for f in "$OUT"/ring-step*-timelapse.gif; do [ "$(magic "$f")" = GIF89a ] || fail "no ring timelapse: $(ls "$OUT")"; done
for f in "$OUT"/ring-step*-plane.png; do [ "$(magic "$f")" = PNG ] || fail "no plane PNG: $(ls "$OUT")"; done
grep '^plane_time ' "$SCRATCH/ring-clicks.out" | awk '{ exit !($3 == 0 && $5 > 0) }' ||
  fail "the plane's time slider did not show step 0: $(grep '^plane_time' "$SCRATCH/ring-clicks.out")"
[ -z "$(ls -A "$HOME/.local/state/ganscope" 2>/dev/null)" ] || fail "a screenshot run left an autosave"
echo "gui_export: ok"
