#!/bin/sh
# The window's own cost (ctest app.gui_bench): usage gui_bench.sh GANSCOPE_BINARY SCRATCH
#  1. `ganscope gui --preset ring --bench 2` trains with the window drawing for about 2 s and
#     ends with "gui: <x> steps/s, frame p50 <a> ms, p99 <b> ms, snapshot <c> ms": every
#     figure a positive number, p99 no less than p50, and no autosave written.
#  2. --bench below 0.5 s, and --bench with --screenshot, are usage errors (exit 2) before any
#     window opens.
set -u
BIN=$1
SCRATCH=$2
GUI_TEST=gui_bench
. "$(cd "$(dirname "$0")" && pwd)/gui_scratch.sh"

xvfb-run -a -s "-screen 0 1600x1000x24" "$BIN" gui --preset ring --bench 2 --threads 1 \
  >"$SCRATCH/bench.out" 2>"$SCRATCH/bench.err" || fail "gui --bench: $(cat "$SCRATCH/bench.err")"
last=$(tail -n 1 "$SCRATCH/bench.out")
echo "$last"
echo "$last" | grep -Eq '^gui: [0-9]+(\.[0-9]+)? steps/s, frame p50 [0-9.]+ ms, p99 [0-9.]+ ms, snapshot [0-9.]+ ms$' ||
  fail "last line is not the bench line: '$last'"
echo "$last" | awk '{ steps = $2; p50 = $6; p99 = $9; snap = $12;
    if (!(steps > 0 && p50 > 0 && p99 >= p50 && snap > 0)) exit 1 }' ||
  fail "figures out of range: '$last'"
[ -z "$(find "$HOME" -name '*.ckpt' 2>/dev/null)" ] || fail "a bench run wrote an autosave"

"$BIN" gui --preset ring --bench 0.1 >/dev/null 2>"$SCRATCH/short.err"
[ $? -eq 2 ] || fail "--bench 0.1 was not a usage error: $(cat "$SCRATCH/short.err")"
"$BIN" gui --preset ring --bench 2 --screenshot "$SCRATCH/x.png" >/dev/null 2>"$SCRATCH/both.err"
[ $? -eq 2 ] || fail "--bench with --screenshot was not a usage error"
grep -q "give one" "$SCRATCH/both.err" || fail "unclear message: $(cat "$SCRATCH/both.err")"
echo "gui_bench: ok"
