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
