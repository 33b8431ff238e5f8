#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for SECONDS each, as many at once as there are
# cores (each fuzzer is one process on one core). First each target replays the crash inputs committed
# under tests/fuzz/regressions/<target>/, then it fuzzes from a scratch copy of
# tests/fuzz/corpus/<target>/ (the committed corpus is never modified). Exits non-zero when
# any target crashes, hangs, leaks or runs out of memory, printing the input that did it.
#   usage: tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS [TARGET...]   (default: all five)
# BUILD_DIR is configured as tests/fuzz/CMakeLists.txt says (clang, GANSCOPE_FUZZ=ON).
set -euo pipefail

if [ $# -lt 2 ] || ! [[ "$2" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
  exit 2
fi
build="$(cd "$1" && pwd)"
seconds="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
targets=(fuzz_idx fuzz_checkpoint fuzz_config fuzz_points_csv fuzz_run_files)
[ $# -gt 2 ] && targets=("${@:3}")

scratch="$(mktemp -d "${TMPDIR:-/tmp}/ganscope-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
# Crash inputs and logs outlive the run, next to the binaries.
out="$build/fuzz-results"
mkdir -p "$out"

# A target that crashes leaves its input file behind (/tmp/ganscope-fuzz-<target>-<pid>, see
# fuzz_input.h); remove those whose process is gone.
remove_stale_inputs() {
  local f
  for f in /tmp/ganscope-fuzz-*-*; do
    if [ -f "$f" ] && ! kill -0 "${f##*-}" 2>/dev/null; then rm -f "$f" 2>/dev/null || true; fi
  done
}

# Replays t's regression inputs, then fuzzes it; prints one line, and returns non-zero on a find.
fuzz_one() {
  local t="$1" bin log status corpus runs coverage replayed f
  local -a regressions dict
  bin="$build/tests/fuzz/$t"
  if [ ! -x "$bin" ]; then
    echo "$t: $bin is missing (configure $build with clang and -DGANSCOPE_FUZZ=ON)" >&2
    return 2
  fi
  rm -rf "${out:?}/$t" && mkdir -p "$out/$t"
  log="$out/$t.log"

  shopt -s nullglob
  regressions=("$here/regressions/$t"/*)
  shopt -u nullglob
  replayed=""
  if [ ${#regressions[@]} -gt 0 ]; then
    # Given files rather than a folder, libFuzzer runs each once, naming it first ("Running: ").
    status=0
    "$bin" -timeout=10 -rss_limit_mb=2048 "${regressions[@]}" >"$out/$t.replay.log" 2>&1 ||
      status=$?
    remove_stale_inputs
    if [ "$status" -ne 0 ]; then
      echo "$t: FAILED on a committed regression input (log: $out/$t.replay.log)" >&2
      grep -E "ERROR|invariant|SUMMARY" "$out/$t.replay.log" | head -n 5 >&2 || true
      echo "$t: crash input: $(sed -n 's/^Running: //p' "$out/$t.replay.log" | tail -n 1)" >&2
      return 1
    fi
    replayed="${#regressions[@]} regression inputs replayed, "
  fi

  corpus="$scratch/$t"
  mkdir -p "$corpus"
  cp -r "$here/corpus/$t/." "$corpus/"
  dict=()
  [ -f "$here/$t.dict" ] && dict=("-dict=$here/$t.dict")
  status=0
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$out/$t/" "${dict[@]}" "$corpus" >"$log" 2>&1 ||
    status=$?
  remove_stale_inputs
  if [ "$status" -ne 0 ]; then
    echo "$t: FAILED (exit $status, log: $log)" >&2
    grep -E "ERROR|invariant|SUMMARY" "$log" | head -n 5 >&2 || true
    shopt -s nullglob
    for f in "$out/$t"/*; do echo "$t: crash input: $f" >&2; done  # crash-, timeout-, oom-, leak-
    shopt -u nullglob
    return 1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  coverage="$(sed -n 's/^#[0-9]*[[:space:]]*DONE[[:space:]]*//p' "$log" | tail -n 1)"
  echo "$t: ok, ${replayed}${runs:-?} inputs in ${seconds}s; ${coverage}"
}

# At most $(nproc) fuzzers at a time; each target's status lands in $scratch/<target>.status.
jobs="$(nproc)"
running=0
for t in "${targets[@]}"; do
  (status=0; fuzz_one "$t" || status=$?; echo "$status" >"$scratch/$t.status") &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait
failed=()
for t in "${targets[@]}"; do
  status="$(cat "$scratch/$t.status" 2>/dev/null || echo 2)"
  [ "$status" = 0 ] || failed+=("$t")
  [ "$status" = 2 ] && exit 2
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]}" >&2
  exit 1
fi
