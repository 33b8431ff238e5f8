#!/bin/sh
# Branch from here, as a person does it (ctest app.gui_branch): usage gui_branch.sh
# GANSCOPE_BINARY SCRATCH. A ring run trains for a few seconds (a full state kept every 1,000
# steps); a click on the plane's time slider a quarter of the way along shows a past step, and
# a click on its Branch button sends training back to the state kept at or before it. The
# window then reports the branch left (its step and rows), the loss plot overlays those rows
# faded, and training goes on from there. A last click on the slider's middle shows a past
# step again, and the D histograms show D's batches as they were at that step.
# HOME is a folder of the test's own, so no user's files are touched.
set -u
BIN=$1
SCRATCH=$2
SCREEN="-screen 0 1600x1000x24"
GUI_TEST=gui_branch
. "$(dirname "$0")/gui_scratch.sh"

xvfb-run -a -s "$SCREEN" "$BIN" gui --preset ring --fresh --screenshot "$SCRATCH/look.png" --frames 10 \
  >"$SCRATCH/look.out" 2>"$SCRATCH/look.err" || fail "gui --preset ring: $(cat "$SCRATCH/look.err")"
# plane_time past P live L frames F slider X0 Y0 X1 Y1; branch_button X0 Y0 X1 Y1 ...
set -- $(grep '^plane_time ' "$SCRATCH/look.out") || fail "no plane_time line"
tx=$(( ${9} + (${11} - ${9}) / 4 )); ty=$(( (${10} + ${12}) / 2 )); mx=$(( (${9} + ${11}) / 2 ))
set -- $(grep '^branch_button ' "$SCRATCH/look.out") || fail "no branch_button line"
bx=$(( ($2 + $4) / 2 )); by=$(( ($3 + $5) / 2 ))
MOUSE_FRAMES=240 gui_with_mouse branch "sleep 3; xdotool mousemove $tx $ty; sleep 0.3; xdotool click 1; sleep 0.5
  xdotool mousemove $bx $by; sleep 0.3; xdotool click 1; sleep 1.5
  xdotool mousemove $mx $ty; sleep 0.3; xdotool click 1; sleep 0.5; xdotool mousemove 10 990" \
  --preset ring --fresh || fail "gui with the mouse: $(cat "$SCRATCH/branch.err")"
# branch_button X0 Y0 X1 Y1 states N bytes B abandoned FROM rows R
set -- $(grep '^branch_button ' "$SCRATCH/branch.out")
[ "${11}" -ge 1000 ] && [ "${13}" -gt 0 ] || fail "no branch was left: $*"
from=${11}
grep -q "^session_notice branched from step $from" "$SCRATCH/branch.out" ||
  fail "no notice of the branch: $(grep notice "$SCRATCH/branch.out")"
set -- $(grep '^overlay rows ' "$SCRATCH/branch.out")
[ "$3" -gt 0 ] || fail "the loss plot does not overlay the branch left: $*"
set -- $(grep '^plane_time ' "$SCRATCH/branch.out")
[ "$5" -gt "$from" ] || fail "training did not go on after the branch from $from: $*"
past=$3
[ "$past" -gt 0 ] || fail "the last click showed no past step: $*"
# histogram_step H grid_shown S: the plane draws the frame kept latest at or before that
# step (the store thins older frames), and the histograms show the same one.
set -- $(grep '^histogram_step ' "$SCRATCH/branch.out")
[ "$4" -ge 0 ] && [ "$4" -le "$past" ] && [ "$2" = "$4" ] ||
  fail "the histograms do not show the frame the plane shows (of step $past): $*"
echo "gui_branch: ok (branched from step $from; the branch left faded on the loss curves; D's histograms of step $2)"
