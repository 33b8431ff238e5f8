# Sourced by the GUI tests after setting GUI_TEST (their name) and SCRATCH: fail MESSAGE says
# "GUI_TEST: FAIL: MESSAGE" and exits 1; SCRATCH starts empty, and HOME is a folder in it, so
# no user's autosaves are touched.
fail() {
  echo "$GUI_TEST: FAIL: $*"
  exit 1
}
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH/home" || fail "cannot create $SCRATCH"
export HOME="$SCRATCH/home"
unset XDG_STATE_HOME

# gui_with_mouse NAME ACTIONS GUI_ARGS...: as a person uses the window. Under Xvfb (SCREEN),
# runs `$BIN gui GUI_ARGS --with-mouse` for MOUSE_FRAMES frames (default 150) at 30 a second
# (5 s at least), writing
# SCRATCH/NAME.png, .out and .err; once its first frame is drawn (the title names the run) and
# a second more has passed, runs the shell commands ACTIONS (xdotool ...) while it draws.
gui_with_mouse() {
  name=$1
  actions=$2
  shift 2
  GANSCOPE_TEST_FRAME_MS=33 MOUSE_FRAMES="${MOUSE_FRAMES:-150}" xvfb-run -a -s "$SCREEN" sh -c '
    bin=$1 out=$2 actions=$3
    shift 3
    "$bin" gui "$@" --with-mouse --screenshot "$out.png" --frames "${MOUSE_FRAMES:-150}" >"$out.out" 2>"$out.err" &
    gui=$!
    xdotool search --sync --name "ganscope .* on " >/dev/null
    sleep 1
    eval "$actions"
    wait $gui
  ' sh "$BIN" "$SCRATCH/$name" "$actions" "$@"
}
