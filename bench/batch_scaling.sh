#!/usr/bin/env bash
# How a step's cost grows with the batch (issue 13): for each preset and batch B, one
# bench/compare.sh round (ganscope, then PyTorch with each OpenMP wait policy, the faster one
# kept), and a CSV row of both sides' steps/s and GFLOP/s. bench/plot_batch_scaling.py draws it.
#
#   bench/batch_scaling.sh [--bin build/ganscope] [--presets "mlp dcgan"] [--threads 1]
#                          [--batches "16 32 64 128 256 512"] [--samples 20480] [--rounds 1]
#                          [--out batch_scaling.csv]
#
# Each run trains --samples / B steps (at least 4) after 2 untimed ones, so every batch costs
# about the same time. Minutes per preset; not run in CI.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../build/ganscope presets="mlp dcgan" threads=1 batches="16 32 64 128 256 512"
samples=20480 rounds=1 out=batch_scaling.csv
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2 ;; --presets) presets=$2 ;; --threads) threads=$2 ;; --batches) batches=$2 ;;
    --samples) samples=$2 ;; --rounds) rounds=$2 ;; --out) out=$2 ;;
    *) echo "batch_scaling.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

[ -f "$out" ] || echo "preset,threads,batch,ganscope_steps_per_s,ganscope_gflops,torch_steps_per_s,torch_gflops,torch_policy" > "$out"
for p in $presets; do
  for b in $batches; do
    steps=$(( samples / b < 4 ? 4 : samples / b ))
    log=$("$here/compare.sh" --bin "$bin" --preset "$p" --threads "$threads" --batch "$b" \
          --steps "$steps" --warmup 2 --rounds "$rounds")
    g=$(sed -n 's/^ganscope median: \([0-9.]*\) steps\/s, \([0-9.]*\) GFLOP\/s$/\1,\2/p' <<< "$log")
    t=$(sed -n 's/^torch    median: \([0-9.]*\) steps\/s, \([0-9.]*\) GFLOP\/s (OMP_WAIT_POLICY=\(.*\))$/\1,\2,\3/p' <<< "$log")
    [ -n "$g" ] && [ -n "$t" ] || { echo "batch_scaling.sh: cannot read compare.sh's output:" >&2; echo "$log" >&2; exit 1; }
    echo "$p,$threads,$b,$g,$t" | tee -a "$out"
  done
done
