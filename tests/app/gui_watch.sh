#!/bin/sh
# Watching and steering a headless run from the window (ctest app.gui_watch): usage
# gui_watch.sh GANSCOPE_BINARY SCRATCH
#  1. `ganscope train --preset ring` trains in RUN in the background, as it would on a server.
#  2. `ganscope gui --watch RUN` follows it: the window says it is watching, with metrics rows
#     and a checkpoint of the run, and asks train to save every 10 s (train says so).
#  3. As a person does it (xdotool, a second window): a click on the left part of the lr D
#     slider. control.json then holds order 1 with a lower lr_d, train says it applied it, and
#     train's metrics.csv acknowledges it in its change column ("lr_d 0.001 -> ...").
#  4. The window wrote nothing in RUN but control.json, and once closed asks for no more saves.
#  5. train stops on SIGTERM as it does without a window: status 130, everything saved.
# HOME is a folder of the test's own, so no user's files are touched.
set -u
BIN=$1
SCRATCH=$2
SCREEN="-screen 0 1600x1000x24"
GUI_TEST=gui_watch
. "$(dirname "$0")/gui_scratch.sh"
RUN="$SCRATCH/run"

"$BIN" train --preset ring --steps 100000000 --threads 1 --out "$RUN" >"$SCRATCH/train.out" 2>"$SCRATCH/train.err" &
train=$!
trap 'kill $train 2>/dev/null' EXIT
for _ in $(seq 100); do [ -f "$RUN/checkpoint" ] && break; sleep 0.1; done
[ -f "$RUN/checkpoint" ] || fail "train wrote no checkpoint: $(cat "$SCRATCH/train.err")"

xvfb-run -a -s "$SCREEN" "$BIN" gui --watch "$RUN" --screenshot "$SCRATCH/look.png" --frames 30 \
  >"$SCRATCH/look.out" 2>"$SCRATCH/look.err" || fail "gui --watch: $(cat "$SCRATCH/look.err")"
# watching 'RUN' watched_step N step S pending P
set -- $(grep '^watching ' "$SCRATCH/look.out") || fail "the window does not say it watches: $(cat "$SCRATCH/look.out")"
[ "$4" -gt 0 ] || fail "no metrics rows followed: $*"
grep -q "saving every 10 s for a watching window" "$SCRATCH/train.out" || fail "train was not asked to save often: $(cat "$SCRATCH/train.out")"

set -- $(grep '^lr_d_slider ' "$SCRATCH/look.out") || fail "no lr_d_slider line"
x=$(( $2 + ($4 - $2) / 4 )); y=$(( ($3 + $5) / 2 ))
gui_with_mouse steer "xdotool mousemove $x $y; sleep 0.3; xdotool click 1; sleep 0.5; xdotool mousemove 10 990" \
  --watch "$RUN" || fail "gui --watch with the mouse: $(cat "$SCRATCH/steer.err")"
grep -q "^session_notice sent to the run: lr_d 0.001 -> " "$SCRATCH/steer.out" ||
  fail "the click sent no lr_d: $(grep notice "$SCRATCH/steer.out")"
grep -q '"seq": 1' "$RUN/control.json" || fail "control.json holds no order 1: $(cat "$RUN/control.json")"
grep -q '"refresh"' "$RUN/control.json" && fail "the closed window still asks for saves: $(cat "$RUN/control.json")"
acked=0
for _ in $(seq 100); do
  grep -q ',lr_d 0\.001 -> ' "$RUN/metrics.csv" && { acked=1; break; }
  sleep 0.1
done
[ $acked = 1 ] || fail "metrics.csv has no lr_d mark; train said: $(grep control "$SCRATCH/train.out")"
grep -q "^control 1 applied at step " "$SCRATCH/train.out" || fail "train did not say it applied order 1"

files=$(ls -A "$RUN" | tr '\n' ' ')
[ "$files" = ".lock checkpoint config.json control.json frames layers.csv metrics.csv run-id states " ] ||
  fail "the run folder holds $files"
kill -TERM $train
wait $train
status=$?
trap - EXIT
[ $status = 130 ] && grep -q "everything so far is saved" "$SCRATCH/train.err" ||
  fail "train ended with status $status: $(cat "$SCRATCH/train.err")"
echo "gui_watch: ok (order 1 acknowledged: $(grep -o ',lr_d 0\.001 -> [0-9.e-]*' "$RUN/metrics.csv" | head -1))"
