#!/bin/bash
# Class fidelity of a conditional preset (README, "Class-conditional GANs"): trains it for N
# steps on Fashion-MNIST for each seed, then `ganscope fcd --run RUN [--ema]` asks G for each
# class and prints the share of the samples that fcd's classifier labels as the class asked
# for, beside that classifier's own share on the real test images of the class (its ceiling,
# roughly: a G can exceed it by making class-typical images). Minutes per seed; not run in CI
# (tests/cli/image_folder_command_test.cpp and tests/train/conditioning_test.cpp are the
# cheap proofs).
#
#   bench/cgan_classes.sh [--bin build/ganscope] [--preset cgan] [--steps 5000] [--seeds "1 2 3"]
#                         [--jobs 1] [--out cgan-runs]
#
# One thread per run (OMP_NUM_THREADS=1), so --jobs 2 runs two at once on 2 cores. A rerun
# with the same --out trains only what is missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../build/ganscope preset=cgan steps=5000 seeds="1 2 3" jobs=1 out=cgan-runs
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2 ;; --preset) preset=$2 ;; --steps) steps=$2 ;; --seeds) seeds=$2 ;;
    --jobs) jobs=$2 ;; --out) out=$2 ;;
    *) echo "cgan_classes.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
mkdir -p "$out"
export OMP_NUM_THREADS=1

train_one() {
  local run=$out/$preset-s$1
  [ -f "$run/checkpoint" ] && grep -q "^$steps," "$run/metrics.csv" 2>/dev/null && return 0
  "$bin" train --preset "$preset" --steps "$steps" --seed "$1" --threads 1 --out "$run" > "$run.log" 2>&1
}
for s in $seeds; do
  train_one "$s" &
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
done
wait

for s in $seeds; do
  for g in "" --ema; do
    "$bin" fcd --run "$out/$preset-s$s" --n 5000 --threads 1 $g > "$out/$preset-s$s${g:+-ema}.fcd"
    echo "seed $s ${g:-G}: $(grep '^lowest' "$out/$preset-s$s${g:+-ema}.fcd"), $(tail -1 "$out/$preset-s$s${g:+-ema}.fcd")"
  done
done
echo
echo "per class, G's EMA seed by seed, then fcd's classifier on the real test images:"
for s in $seeds; do sed -n '/^class accuracy/,/^lowest/p' "$out/$preset-s$s-ema.fcd" | sed '1d;$d' > "$out/.s$s"; done
awk 'FNR == 1 { f++ }
     { name[FNR] = substr($0, 3, 12); v[FNR, f] = $(NF - 1); real[FNR] = $NF }
     END { for (i = 1; i <= FNR; i++) { printf "  %s", name[i]; for (j = 1; j <= f; j++) printf " %s", v[i, j];
                                        printf "   real %s\n", real[i] } }' \
  $(for s in $seeds; do echo "$out/.s$s"; done)
