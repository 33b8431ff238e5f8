#!/usr/bin/env bash
# The README's objective table: each objective and regulariser, switched on over a preset as a
# user would with --set, trained headless over several seeds, and scored.
#
# Usage: bench/objectives.sh [--bin build/ganscope] [--ring-steps 20000] [--ring-seeds "1 2 3 4 5"]
#                            [--image-steps 3000] [--image-seeds "1 2 3"] [--only NAME] [--no-images]
#
# Ring rows: `train --preset ring` (or the row's preset) for --ring-steps, then from its
# metrics.csv (quality measured every 100 steps): the first step with all 8 modes and at least
# 80% high-quality samples ("never" when none), and the modes and high-quality share at the end.
# Image rows: `train --preset mlp` for --image-steps, then `ganscope fcd --run` (lower is better).
# Each row prints one markdown line per data set with the per-seed figures and their median.
# Runs one process at a time on one thread (OMP_NUM_THREADS=1); a whole run takes minutes.
set -euo pipefail

bin="build/ganscope"
ring_steps=20000
ring_seeds="1 2 3 4 5"
image_steps=3000
image_seeds="1 2 3"
only=""
images=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    --ring-steps) ring_steps="$2"; shift 2 ;;
    --ring-seeds) ring_seeds="$2"; shift 2 ;;
    --image-steps) image_steps="$2"; shift 2 ;;
    --image-seeds) image_seeds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --no-images) images=0; shift ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
export OMP_NUM_THREADS=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# name | ring preset | image preset | --set overrides, for both [| ema: the image row is scored on
# `sample --ema`'s images, the average of G; the ring row still on G itself, as metrics.csv is]
rows=(
  "non-saturating|ring|mlp|"
  "minimax|ring|mlp|--set objective=minimax"
  "lsgan|ring|mlp|--set objective=lsgan"
  "hinge|ring|mlp|--set objective=hinge"
  "wgan (clip 0.01, 5 critic steps)|ring|mlp|--set objective=wgan --set d_steps=5"
  "wgan-gp (lambda 10, 5 critic steps)|ring_wgan_gp|mlp|--set objective=wgan-gp --set d_steps=5 --set beta2=0.9"
  "non-saturating + r1 (gamma 1)|ring|mlp|--set r1=1"
  "non-saturating + label smoothing 0.1|ring|mlp|--set label_smoothing=0.1"
  "non-saturating + instance noise 0.1|ring|mlp|--set instance_noise=0.1"
  "hinge + spectral norm of D|ring|mlp|--set objective=hinge --set spectral_norm=true"
  "non-saturating + packing 2 (PacGAN)|ring|mlp|--set packing=2"
  "non-saturating, scored on G's EMA 0.999|ring|mlp|--set ema_beta=0.999|ema"
  "non-saturating, scored on G's EMA 0.99|ring|mlp|--set ema_beta=0.99|ema"
)

median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

echo "| setting | ring: first step with 8 modes, >= 80% HQ (per seed) | ring at the end: modes, HQ % (median) | mlp fcd (per seed) | median fcd |"
echo "|---|---|---|---|---:|"
for row in "${rows[@]}"; do
  IFS='|' read -r name ring_preset image_preset sets scored <<<"$row"
  [[ -n "$only" && "$name" != "$only"* ]] && continue
  firsts=() ends_modes=() ends_hq=()
  for s in $ring_seeds; do
    out="$work/ring-$s"
    # shellcheck disable=SC2086
    "$bin" train --preset "$ring_preset" $sets --set seed="$s" --steps "$ring_steps" --threads 1 \
      --out "$out" --overwrite >/dev/null
    read -r first modes hq < <(awk -F, 'NR > 1 && $11 != "" {m = $11; q = $12; if ($11 == 8 && $12 >= 80 && !f) f = $1}
                                       END {print (f ? f : "never"), m, q}' "$out/metrics.csv")
    firsts+=("$first"); ends_modes+=("$modes"); ends_hq+=("$hq")
  done
  ring_end="$(printf '%s\n' "${ends_modes[@]}" | median), $(printf '%s\n' "${ends_hq[@]}" | median)"
  fcds=()
  if [[ $images == 1 ]]; then
    for s in $image_seeds; do
      out="$work/image-$s"
      # shellcheck disable=SC2086
      "$bin" train --preset "$image_preset" $sets --set seed="$s" --steps "$image_steps" \
        --threads 1 --out "$out" --overwrite >/dev/null
      if [[ "$scored" == ema ]]; then
        "$bin" sample --run "$out" --ema --n 5000 --out "$work/ema.idx" --overwrite >/dev/null
        fcds+=("$("$bin" fcd --samples "$work/ema.idx" --threads 1 | awk '/^fcd:/ {print $2}')")
      else
        fcds+=("$("$bin" fcd --run "$out" --threads 1 | awk '/^fcd:/ {print $2}')")
      fi
    done
  fi
  echo "| $name | ${firsts[*]} | $ring_end | ${fcds[*]:--} | $(printf '%s\n' "${fcds[@]}" | grep -v '^$' | median) |"
done
