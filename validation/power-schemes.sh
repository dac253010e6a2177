#!/usr/bin/env bash
# The power comparison of the two array schemes (double column; single column + constant-term circuit) on the
# default compile card, first 1000 Fashion-MNIST test images: the thesis's two designs (KDWG BNN on double
# columns, KDSNG BSSC-Net on single columns) and the two other combinations, each `memspice power` run giving
# both schemes of one network side by side; then the same with ideal wires and drivers (--wire-r 0), which
# separates what the wire resistance costs. Plots go to out/power-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
out=validation/power-schemes.results.txt
{
  echo "# power-schemes.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) processors, 1000 test images"
  for model in models/bnn-kdwg-w48.json models/bssc-kdsng-w48.json; do
    name=$(basename "$model" .json)
    echo "## ./memspice power --model $model --images 1000 --threads 2 --plot out/power-$name.png"
    ./memspice power --model "$model" --images 1000 --threads 2 --plot "out/power-$name.png" 2>/dev/null
    echo
  done
  for model in models/bnn-kdwg-w48.json models/bssc-kdsng-w48.json; do
    echo "## ./memspice power --model $model --images 1000 --threads 2 --wire-r 0"
    ./memspice power --model "$model" --images 1000 --threads 2 --wire-r 0 2>/dev/null
    echo
  done
} | tee "$out"
grep -q 'energy efficiency' "$out"
