#!/bin/bash
# Parity with PyTorch (README, "Parity with PyTorch"): trains a preset's model for N steps in
# ganscope (for each init) and in PyTorch (bench/torch_train.py), seeds 1-3 by default, and
# scores every run with `ganscope fcd`. Takes an hour or two on 2 cores; not run in CI.
#
#   bench/parity.sh [--bin build/ganscope] [--preset mlp] [--steps 5000] [--seeds "1 2 3"]
#                   [--inits "normal_0.02 torch_default"] [--torch-inits "torch_default"]
#                   [--jobs 1] [--out parity-runs]
#
# Everything runs on one thread (OMP_NUM_THREADS=1), so --jobs 2 runs two at once on a
# 2-core machine without them fighting over cores; the distances do not depend on it (every
# run and the fcd classifier are seeded), only the times do.
# ganscope's side:  ganscope train --preset P --steps N --set seed=S --set init=I --out RUN
#                   ganscope fcd --run RUN   (G's 5,000 samples in float)
#                   ganscope sample --run RUN --n 5000 --out RUN.idx; ganscope fcd --samples
#                   RUN.idx (the same samples rounded to bytes, as PyTorch's side is scored)
# PyTorch's side:   bench/torch_train.py P --steps N --seed S --init I --out T.idx
#                   ganscope fcd --samples T.idx
# A rerun with the same --out does only what is missing: an interrupted ganscope run resumes
# from its checkpoint (bit for bit), an interrupted PyTorch run starts again.
# Last: one table row per side and init, with each seed's distance and the median.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../build/ganscope preset=mlp steps=5000 seeds="1 2 3" jobs=1 out=parity-runs
inits="normal_0.02 torch_default" torch_inits="torch_default"
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2 ;; --preset) preset=$2 ;; --steps) steps=$2 ;; --seeds) seeds=$2 ;;
    --inits) inits=$2 ;; --torch-inits) torch_inits=$2 ;; --jobs) jobs=$2 ;; --out) out=$2 ;;
    *) echo "parity.sh: unknown argument $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
  shift 2
done
[ -x "$bin" ] || { echo "parity.sh: no ganscope binary at $bin (--bin)" >&2; exit 2; }
mkdir -p "$out"
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
out=$(cd "$out" && pwd)
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 bin preset steps out here

# One job: "ganscope INIT SEED" or "torch INIT SEED". Writes $out/<name>.fcd (and .run.fcd).
job() {
  local side=$1 init=$2 seed=$3 name=$1-$preset-$2-$3 fcd
  fcd() { "$bin" fcd --threads 1 "$@" | awk '/^fcd: / {print $2}'; }
  if [ "$side" = ganscope ]; then
    [ -f "$out/$name.run.fcd" ] && return 0  # done before: a rerun adds only what is missing
    if [ -f "$out/$name/checkpoint" ]; then  # an interrupted run continues bit for bit
      "$bin" train --resume "$out/$name" --steps "$steps" --threads 1 >> "$out/$name.log"
    else
      "$bin" train --preset "$preset" --steps "$steps" --set seed="$seed" --set init="$init" \
        --threads 1 --out "$out/$name" > "$out/$name.log"
    fi
    "$bin" sample --run "$out/$name" --n 5000 --out "$out/$name.idx" --overwrite >> "$out/$name.log"
    fcd --samples "$out/$name.idx" > "$out/$name.fcd"
    fcd --run "$out/$name" > "$out/$name.run.fcd"
  else
    [ -f "$out/$name.fcd" ] && return 0
    /usr/bin/python3 "$here/torch_train.py" "$preset" --steps "$steps" --seed "$seed" \
      --init "$init" --threads 1 --out "$out/$name.idx" > "$out/$name.log"
    fcd --samples "$out/$name.idx" > "$out/$name.fcd"
  fi
  echo "$name: $(cat "$out/$name.fcd")" >&2
}
export -f job

{
  for s in $seeds; do
    for i in $inits; do echo "ganscope $i $s"; done
    for i in $torch_inits; do echo "torch $i $s"; done
  done
} | xargs -P "$jobs" -L 1 bash -ec 'job "$@"' _ || echo "parity.sh: some runs failed (their logs are in $out)" >&2

median() { tr ' ' '\n' | grep -E '^[0-9.]+$' | sort -g | awk '{a[NR] = $1} END {printf "%.3f\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
row() {  # side init suffix label
  local vals="" v
  for s in $seeds; do
    v=$(cat "$out/$1-$preset-$2-$s$3" 2>/dev/null || echo "?")
    vals="$vals $v"
  done
  printf '| %s | %s | %s | %s |\n' "$4" "$2" "$(echo $vals | sed 's/ /, /g')" "$(echo $vals | median)"
}
echo
echo "$preset, $steps steps, seeds $seeds: fcd per seed and the median (lower is better)"
echo "| side | init | fcd per seed | median |"
echo "|---|---|---|---:|"
for i in $inits; do
  row ganscope "$i" .run.fcd "ganscope (fcd --run)"
  row ganscope "$i" .fcd "ganscope (sample, fcd --samples)"
done
for i in $torch_inits; do row torch "$i" .fcd "PyTorch (fcd --samples)"; done
