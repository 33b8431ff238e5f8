#!/bin/sh
# The window never loses a run (ctest app.gui_autosave): usage gui_autosave.sh GANSCOPE_BINARY SCRATCH
#  1. A window ended by SIGTERM, one ended by SIGINT (Ctrl-C), and one killed (xkill) autosave
#     as closing does, each run to its own file, and say where on stderr.
#  2. A relaunch with no arguments continues the newest run (its step, with a notice saying so).
#  3. --checkpoint F opens F without --preset (the model comes from the file); a failed start
#     (a missing file) exits 1 with one line and leaves every autosave where it was.
#  4. Key taps are not lost at a low frame rate.
# HOME is a folder of the test's own, so no user's autosaves are touched.
set -u
BIN=$1
SCRATCH=$2
GUI_TEST=gui_autosave
. "$(dirname "$0")/gui_scratch.sh"
STATE="$HOME/.local/state/ganscope"
SCREEN="-screen 0 1024x700x24"

# A killed window (xkill: the X server closes its connection) autosaves too.
xvfb-run -a -s "$SCREEN" sh -c '
  "$1" gui --preset ring --fresh >"$2/kill.out" 2>"$2/kill.err" &
  gui=$!
  sleep 5
  xdotool windowkill "$(xdotool search --name ganscope | head -1)"
  wait $gui
  echo $? >"$2/kill.code"
' sh "$BIN" "$SCRATCH"
grep -q "display connection was lost.*saved in $STATE/autosave-ring-" "$SCRATCH/kill.err" ||
  fail "a killed window did not autosave: $(cat "$SCRATCH/kill.err")"
echo "killed window: exit $(cat "$SCRATCH/kill.code"): $(cat "$SCRATCH/kill.err")"
sleep 1  # the runs below are newer by their files' times

# Signals. The window trains the ring for a few seconds, then gets the signal.
for sig in TERM INT; do
  xvfb-run -a -s "$SCREEN" sh -c '
    "$1" gui --preset ring --fresh >"$2/$3.out" 2>"$2/$3.err" &
    gui=$!
    sleep 5
    kill -s "$3" $gui
    wait $gui
    echo $? >"$2/$3.code"
  ' sh "$BIN" "$SCRATCH" "$sig"
  code=$(cat "$SCRATCH/$sig.code")
  [ "$code" -ne 0 ] || fail "SIG$sig: the window exited 0 (expected 128 + the signal)"
  grep -q "saved in $STATE/autosave-ring-" "$SCRATCH/$sig.err" ||
    fail "SIG$sig: no autosave reported: $(cat "$SCRATCH/$sig.err")"
  echo "SIG$sig: exit $code: $(cat "$SCRATCH/$sig.err")"
done
count=$(ls "$STATE"/autosave-ring-*.ckpt 2>/dev/null | wc -l)
[ "$count" -eq 3 ] || fail "expected one autosave per run (3), found $count: $(ls -la "$STATE")"
newest=$(ls -t "$STATE"/autosave-ring-*.ckpt | head -1)
saved_step=$(sed -n 's/.*closing at step \([0-9]*\).*/\1/p' "$SCRATCH/INT.err")
[ "${saved_step:-0}" -gt 0 ] || fail "the SIGINT run saved no steps: $(cat "$SCRATCH/INT.err")"
ls "$STATE"/.*.lock >/dev/null 2>&1 && fail "a lock file was left behind: $(ls -la "$STATE")"

# 2. Relaunch with no arguments: the newest run (the SIGINT one) continues.
xvfb-run -a -s "$SCREEN" "$BIN" gui --screenshot "$SCRATCH/reopen.png" --frames 30 \
  >"$SCRATCH/reopen.out" 2>"$SCRATCH/reopen.err" || fail "relaunch failed: $(cat "$SCRATCH/reopen.err")"
grep -qx 'preset ring' "$SCRATCH/reopen.out" || fail "relaunch did not open the ring: $(cat "$SCRATCH/reopen.out")"
grep -q "^notice continued your last run: 'ring', step " "$SCRATCH/reopen.out" ||
  fail "relaunch did not say it continued the last run: $(cat "$SCRATCH/reopen.out")"
step=$(sed -n 's/.* step \([0-9]*\) images.*/\1/p' "$SCRATCH/reopen.out")
[ "${step:-0}" -ge "$saved_step" ] || fail "relaunch is at step $step, the saved run at $saved_step"
echo "reopen: step $step (saved at $saved_step): $(grep '^notice' "$SCRATCH/reopen.out")"

# 3. --checkpoint without --preset; then a start that fails.
xvfb-run -a -s "$SCREEN" "$BIN" gui --checkpoint "$newest" --screenshot "$SCRATCH/open.png" --frames 10 \
  >"$SCRATCH/open.out" 2>"$SCRATCH/open.err" || fail "--checkpoint without --preset failed: $(cat "$SCRATCH/open.err")"
grep -qx 'preset ring' "$SCRATCH/open.out" || fail "--checkpoint did not open the ring: $(cat "$SCRATCH/open.out")"
before=$(ls -la --time-style=+%s "$STATE")
# Refused before any window opens (so no display is needed to be told).
env -u DISPLAY "$BIN" gui --checkpoint "$SCRATCH/missing.ckpt" >"$SCRATCH/missing.out" 2>"$SCRATCH/missing.err"
code=$?
[ "$code" -eq 1 ] || fail "--checkpoint of a missing file exited $code"
[ "$(wc -l <"$SCRATCH/missing.err")" -eq 1 ] || fail "a failed start printed more than one line: $(cat "$SCRATCH/missing.err")"
[ "$(ls -la --time-style=+%s "$STATE")" = "$before" ] || fail "a failed start changed the autosaves"
echo "missing checkpoint: $(cat "$SCRATCH/missing.err")"
# 4. Key taps at a low frame rate (8 frames a second): a quick tap of Space (press and release
# between two frames) pauses, and 'd' then runs D's half of a step.
GANSCOPE_TEST_FRAME_MS=125 xvfb-run -a -s "$SCREEN" sh -c '
  "$1" gui --preset ring --fresh --screenshot "$2/keys.png" --frames 40 >"$2/keys.out" 2>"$2/keys.err" &
  gui=$!
  sleep 3
  w=$(xdotool search --name ganscope | head -1)
  xdotool windowfocus "$w"
  xdotool key --delay 0 space
  sleep 0.6
  xdotool key --delay 0 d
  wait $gui
' sh "$BIN" "$SCRATCH"
grep -qx 'paused 1 half_done D' "$SCRATCH/keys.out" ||
  fail "key taps at 8 frames a second were lost: $(grep -E '^(paused|grid_uploads)' "$SCRATCH/keys.out")"
echo "key taps: $(grep '^paused' "$SCRATCH/keys.out")"
echo "gui_autosave: OK"
