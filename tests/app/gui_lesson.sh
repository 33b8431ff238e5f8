#!/bin/sh
# Lessons from the command line (ctest app.gui_lesson): usage gui_lesson.sh GANSCOPE_BINARY SCRATCH
#  1. `ganscope lesson --list` prints one lesson a line (name: summary).
#  2. An unknown lesson and a malformed lesson file are one line on stderr naming it (and the
#     key), exit non-zero, before any window opens.
#  3. `ganscope lesson NAME --screenshot` opens the lesson in the window: its panel shows its
#     first note and frames the panel the note names (lessons 2 and 6); a longer run plays the
#     script on to a later note (the lesson's slow motion at step 300), and the panel's text fits.
# HOME is a folder of the test's own, so no user's autosaves are touched.
set -u
BIN=$1
SCRATCH=$2
GUI_TEST=gui_lesson
. "$(dirname "$0")/gui_scratch.sh"
# Opens lesson $1 for $2 frames on a screen of $3 pixels: $SCRATCH/$4.png, .out and .err.
shoot() {
  xvfb-run -a -s "-screen 0 $3x24" "$BIN" lesson "$1" --screenshot "$SCRATCH/$4.png" --frames "$2" \
    >"$SCRATCH/$4.out" 2>"$SCRATCH/$4.err" || fail "lesson screenshot: $(cat "$SCRATCH/$4.err")"
  grep "^lesson \|^grid_uploads" "$SCRATCH/$4.out"
}
# The lesson panel's text in $SCRATCH/$1.out neither overlaps other text nor is cut at a side.
text_fits() {
  grep -q "^layout 'Lesson' " "$SCRATCH/$1.out" || fail "no layout report for the lesson panel ($1)"
  bad=$(awk '/^layout .Lesson. / { split($0, q, "\047"); split(q[3], f, " "); if (f[4] != 0 || f[7] != 0) print }' "$SCRATCH/$1.out")
  [ -z "$bad" ] || fail "the lesson panel's text ($1): $bad"
}

"$BIN" lesson --list >"$SCRATCH/list.out" 2>&1 || fail "lesson --list: $(cat "$SCRATCH/list.out")"
[ "$(grep -c '^[0-9a-z-]*: .' "$SCRATCH/list.out")" -ge 7 ] || fail "lesson --list: $(cat "$SCRATCH/list.out")"
for name in 2-saturating-loss 3-mode-collapse 6-why-wasserstein 7-spectral-norm; do
  grep -q "^$name: " "$SCRATCH/list.out" || fail "lesson --list lacks $name"
done
echo "lesson --list: $(wc -l <"$SCRATCH/list.out") lessons"

"$BIN" lesson no-such-lesson >"$SCRATCH/unknown.out" 2>"$SCRATCH/unknown.err" && fail "an unknown lesson opened"
[ "$(wc -l <"$SCRATCH/unknown.err")" -eq 1 ] && grep -q "unknown lesson 'no-such-lesson'" "$SCRATCH/unknown.err" ||
  fail "unknown lesson: $(cat "$SCRATCH/unknown.err")"

printf '%s' '{"title": "T", "summary": "S", "preset": "ring", "script": [{"at": 0, "set": {"lr": 1}}]}' >"$SCRATCH/bad.json"
"$BIN" lesson "$SCRATCH/bad.json" >"$SCRATCH/bad.out" 2>"$SCRATCH/bad.err" && fail "a malformed lesson opened"
[ "$(wc -l <"$SCRATCH/bad.err")" -eq 1 ] && grep -q "$SCRATCH/bad.json, 'set' in script event 1: unknown setting 'lr'" "$SCRATCH/bad.err" ||
  fail "malformed lesson: $(cat "$SCRATCH/bad.err")"
echo "malformed lesson: $(cat "$SCRATCH/bad.err")"

# The first note, at once.
shoot 2-saturating-loss 30 1600x1000 first
# The lesson runs at 100 steps a second, and its second note comes at step 300: on a loaded
# machine 30 frames can take longer than 3 s, so either of the first two notes may be on show.
grep -Eq "^lesson 2-saturating-loss note (1 of 4 'D wins early'|2 of 4 'G's gradient has vanished') highlight 'Loss curves'" \
  "$SCRATCH/first.out" || fail "the lesson's first notes are not on show: $(grep '^lesson' "$SCRATCH/first.out")"
grep -q "^preset 2-saturating-loss" "$SCRATCH/first.out" || fail "the run is not the lesson's"
[ -s "$SCRATCH/first.png" ] || fail "no screenshot"

# A lesson that switches the game: lesson 6 opens on its first note (at 200 steps a second, the
# second at step 1,000: either may be on show), and its panel's text fits.
shoot 6-why-wasserstein 30 1600x1000 wgan
grep -Eq "^lesson 6-why-wasserstein note (1 of 4 'D wins for good' highlight 'Loss curves'|2 of 4 'A critic instead' highlight 'Plane')" \
  "$SCRATCH/wgan.out" || fail "lesson 6's first notes are not on show: $(grep '^lesson' "$SCRATCH/wgan.out")"
text_fits wgan

# The script plays on: lesson 1 turns slow motion on at step 1,500 with its second note.
shoot 1-two-player-game 150 1024x700 slow
grep -q "^lesson 1-two-player-game note 2 of 3 'Slow motion: D's half, then G's' highlight 'Plane' next_event 330" \
  "$SCRATCH/slow.out" || fail "the script did not reach slow motion: $(grep '^lesson\|^grid_uploads' "$SCRATCH/slow.out")"
text_fits slow
[ -z "$(ls -A "$HOME/.local/state/ganscope" 2>/dev/null)" ] || fail "a screenshot run left an autosave"
echo "gui_lesson: ok"
