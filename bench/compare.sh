#!/usr/bin/env bash
# Compare `ganscope bench` with the PyTorch reference (bench/torch_reference.py) on one preset.
#
# Usage: bench/compare.sh [--bin build/ganscope] [--preset mlp] [--threads 2] [--rounds 2]
#                         [--steps N] [--batch B] [--warmup W] [--peak | --peak-gflops G]
#
# Runs ganscope, torch, ganscope, torch, ... (--rounds rounds, alternating so that a change in
# machine load hits both sides alike), reads the last line of each run,
#     "<preset>: <x> steps/s, <y> GFLOP/s",
# and prints the median steps/s and GFLOP/s of each side, the ratio ganscope/torch, and a
# markdown table row. --steps / --batch / --warmup are passed to both sides only when given
# (otherwise each uses its own default). --peak runs bench/sgemm_peak.py for the same thread count and prints the
# achieved GFLOP/s as a fraction of that SGEMM peak; --peak-gflops G uses G instead of measuring.
#
# PyTorch at its best: which OpenMP wait policy is faster differs by machine (passive made the
# mlp 1.65x slower than active on one, active thrashed a loaded 2-core one), so each round runs
# torch once with OMP_WAIT_POLICY=passive and once with active, and the torch figure is the
# faster policy's median; the script says which. --torch-policy P runs only P.
#
# Environment: PYTHON (default /usr/bin/python3, Debian's python3-torch).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="build/ganscope"
preset="mlp"
threads=2
rounds=2
steps=""
batch=""
warmup=""
peak_mode=""     # "", "measure" or "given"
peak_gflops=""
policies=(passive active)
python="${PYTHON:-/usr/bin/python3}"

die() { echo "compare.sh: error: $*" >&2; exit 1; }
usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
need_value() { [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --bin)         need_value "$@"; bin="$2"; shift 2 ;;
    --preset)      need_value "$@"; preset="$2"; shift 2 ;;
    --threads)     need_value "$@"; threads="$2"; shift 2 ;;
    --rounds)      need_value "$@"; rounds="$2"; shift 2 ;;
    --steps)       need_value "$@"; steps="$2"; shift 2 ;;
    --batch)       need_value "$@"; batch="$2"; shift 2 ;;
    --warmup)      need_value "$@"; warmup="$2"; shift 2 ;;
    --peak)        peak_mode="measure"; shift ;;
    --peak-gflops) need_value "$@"; peak_mode="given"; peak_gflops="$2"; shift 2 ;;
    --torch-policy) need_value "$@"; policies=("$2"); shift 2 ;;
    -h|--help)     usage; exit 0 ;;
    *)             usage >&2; die "unknown argument '$1'" ;;
  esac
done

is_pos() { [[ "$1" =~ ^[0-9]+$ ]] && (( 10#$1 >= 1 )); }
is_pos "$threads" || die "--threads must be a positive integer"
is_pos "$rounds" || die "--rounds must be a positive integer"
[[ -z "$steps" ]] || is_pos "$steps" || die "--steps must be a positive integer"
[[ -z "$batch" ]] || is_pos "$batch" || die "--batch must be a positive integer"
[[ -z "$warmup" || "$warmup" =~ ^[0-9]+$ ]] || die "--warmup must be an integer from 0"
[[ "$peak_mode" != "given" || "$peak_gflops" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--peak-gflops must be a number"
for p in "${policies[@]}"; do
  [[ "$p" == passive || "$p" == active ]] || die "--torch-policy must be passive or active"
done

# --- prerequisites -----------------------------------------------------------------------------
if [[ ! -e "$bin" ]]; then
  die "ganscope binary '$bin' not found (build it first, e.g. cmake --build build; or pass --bin PATH)"
fi
[[ -x "$bin" && ! -d "$bin" ]] || die "'$bin' is not an executable file"
[[ -x "$python" ]] || die "python '$python' not found (set PYTHON=...; Debian: /usr/bin/python3)"
if ! "$python" -c 'import torch' >/dev/null 2>&1; then
  die "'$python' cannot import torch: install python3-torch (apt-get install python3-torch)"
fi
[[ -f "$here/torch_reference.py" ]] || die "missing $here/torch_reference.py"

extra=()
[[ -z "$steps" ]] || extra+=(--steps "$steps")
[[ -z "$batch" ]] || extra+=(--batch "$batch")
[[ -z "$warmup" ]] || extra+=(--warmup "$warmup")

logdir="$(mktemp -d "${TMPDIR:-/tmp}/ganscope-compare.XXXXXX")"
trap 'rm -rf "$logdir"' EXIT

# run NAME LOG CMD...: runs CMD, keeps its output in LOG, prints "<steps/s> <GFLOP/s>".
run() {
  local name="$1" log="$2"; shift 2
  if ! "$@" >"$log" 2>&1; then
    echo "compare.sh: error: $name failed: $*" >&2
    sed 's/^/  | /' "$log" >&2
    exit 1
  fi
  local last
  last="$(grep -v '^[[:space:]]*$' "$log" | tail -n 1 || true)"
  local re="^${preset}: ([0-9]+(\.[0-9]+)?) steps/s, ([0-9]+(\.[0-9]+)?) GFLOP/s\$"
  if [[ ! "$last" =~ $re ]]; then
    echo "compare.sh: error: cannot parse the last line of $name: '$last'" >&2
    echo "  (expected '${preset}: <x> steps/s, <y> GFLOP/s'); full output:" >&2
    sed 's/^/  | /' "$log" >&2
    exit 1
  fi
  echo "${BASH_REMATCH[1]} ${BASH_REMATCH[3]}"
}

# median of numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1;
  if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "preset $preset, threads $threads, rounds $rounds${steps:+, steps $steps}${batch:+, batch $batch}"
echo "load average before: $(load) ($(nproc) cores)"

g_sps=(); g_gf=()
declare -A t_sps t_gf  # per policy: space-separated values
for ((r = 1; r <= rounds; r++)); do
  read -r s f < <(run ganscope "$logdir/ganscope.$r.log" \
      "$bin" bench --preset "$preset" --threads "$threads" "${extra[@]+"${extra[@]}"}")
  [[ -n "${s:-}" ]] || exit 1
  g_sps+=("$s"); g_gf+=("$f")
  echo "round $r ganscope: $s steps/s, $f GFLOP/s"
  for p in "${policies[@]}"; do
    read -r s f < <(run "torch ($p)" "$logdir/torch.$p.$r.log" \
        env OMP_WAIT_POLICY="$p" "$python" "$here/torch_reference.py" "$preset" \
        --threads "$threads" "${extra[@]+"${extra[@]}"}")
    [[ -n "${s:-}" ]] || exit 1
    t_sps[$p]+="$s "; t_gf[$p]+="$f "
    printf "round %d torch (%s): %s steps/s, %s GFLOP/s\n" "$r" "$p" "$s" "$f"
  done
done
load_after="$(load)"
echo "load average after:  $load_after"

gm="$(printf '%s\n' "${g_sps[@]}" | median)"
gfm="$(printf '%s\n' "${g_gf[@]}" | median)"
best=""; tm=0; tfm=0; policy_note=""
for p in "${policies[@]}"; do
  m="$(printf '%s\n' ${t_sps[$p]} | median)"
  policy_note+="${policy_note:+, }$p $m"
  if [[ -z "$best" ]] || awk -v a="$m" -v b="$tm" 'BEGIN { exit !(a > b) }'; then
    best="$p"; tm="$m"; tfm="$(printf '%s\n' ${t_gf[$p]} | median)"
  fi
done
echo "torch at its best: OMP_WAIT_POLICY=$best (medians: $policy_note steps/s)"
ratio="$(awk -v a="$gm" -v b="$tm" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"

peak_cols=""; peak_head=""; peak_sep=""
if [[ -n "$peak_mode" ]]; then
  if [[ "$peak_mode" == "measure" ]]; then
    echo "measuring SGEMM peak (bench/sgemm_peak.py --threads $threads) ..."
    peak_log="$logdir/peak.log"
    "$python" "$here/sgemm_peak.py" --threads "$threads" >"$peak_log" 2>&1 \
      || { sed 's/^/  | /' "$peak_log" >&2; die "sgemm_peak.py failed"; }
    peak_re='^sgemm peak threads=[0-9]+: ([0-9]+(\.[0-9]+)?) GFLOP/s$'
    peak_last="$(tail -n 1 "$peak_log")"
    [[ "$peak_last" =~ $peak_re ]] || die "cannot parse sgemm_peak.py output: '$peak_last'"
    peak_gflops="${BASH_REMATCH[1]}"
  fi
  g_frac="$(awk -v a="$gfm" -v p="$peak_gflops" 'BEGIN { printf "%.0f%%", 100 * a / p }')"
  t_frac="$(awk -v a="$tfm" -v p="$peak_gflops" 'BEGIN { printf "%.0f%%", 100 * a / p }')"
  echo "SGEMM peak ($threads threads): $peak_gflops GFLOP/s; ganscope reaches $g_frac, torch $t_frac"
  peak_head=" SGEMM peak | ganscope % peak | torch % peak |"
  peak_sep="---:|---:|---:|"
  peak_cols=" $peak_gflops | $g_frac | $t_frac |"
fi

echo
echo "ganscope median: $gm steps/s, $gfm GFLOP/s"
echo "torch    median: $tm steps/s, $tfm GFLOP/s (OMP_WAIT_POLICY=$best)"
echo "ratio ganscope/torch: $ratio"
echo
echo "| preset | threads | ganscope steps/s | torch steps/s | ganscope/torch | ganscope GFLOP/s | torch GFLOP/s |${peak_head} load |"
echo "|---|---:|---:|---:|---:|---:|---:|${peak_sep}---|"
echo "| $preset | $threads | $gm | $tm | $ratio | $gfm | $tfm |${peak_cols} $load_after |"
