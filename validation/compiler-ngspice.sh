#!/usr/bin/env bash
# Compiled tiles of both shipped networks (KDWG BNN, KDSNG BSSC-Net), both array schemes, on the default compile
# card (1 ohm wire segments, 10 ohm drivers), driven by the reads of a real test image: one column group per
# layer (all row tiles of one column tile, so the comparators see complete sums) runs through ngspice-39
# (`memspice compile --verify-ngspice`), and every tile's column currents, the group's output currents and
# its comparator decisions (ADC codes for the output layer) are compared with memspice's port reductions.
# Fails (exit 3) when a column current differs by more than 1e-6 of the tile's largest or a decision differs.
# Takes about 40 minutes (ngspice needs 30 s to 3 min per 128-row tile).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ngspice >/dev/null || { echo "ngspice not found" >&2; exit 1; }
out=validation/compiler-ngspice.results.txt
image=${IMAGE:-0}
{
  echo "# compiler-ngspice.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(ngspice -v 2>/dev/null | grep -o 'ngspice-[0-9]*' | head -1), test image $image"
  for model in models/bnn-kdwg-w48.json models/bssc-kdsng-w48.json; do
    groups=4
    [[ "$model" == *bssc* ]] && groups=6
    for scheme in double single; do
      echo "## $model, $scheme column, default card circuits/compile-rram-128.json"
      ./memspice compile --model "$model" --scheme "$scheme" --image "$image" --no-netlists \
        --out "validation/compiler/ngspice-$(basename "$model" .json)-$scheme" --verify-ngspice "$groups" --threads 2 2>/dev/null
    done
  done
} | tee "$out"
