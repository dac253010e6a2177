#!/usr/bin/env bash
# With ideal wires and drivers (--wire-r 0) every comparator decision of the compiled circuits and every
# prediction must equal the bit-packed software model's: both shipped networks, both schemes, all 10 000
# Fashion-MNIST test images. Records agreement, accuracies and every layer's flipped decisions and smallest
# margin (expected: agreement 1, no flipped decision, every margin at least the designed one).
set -euo pipefail
cd "$(dirname "$0")/.."
out=validation/compiler-ideal-wires.results.txt
{
  echo "# compiler-ideal-wires.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) processors, all test images, --wire-r 0"
  for model in models/bnn-kdwg-w48.json models/bssc-kdsng-w48.json; do
    echo "## $model"
    ./memspice infer --model "$model" --scheme both --wire-r 0 --limit 10000 --threads 2 2>/dev/null
  done
} | tee "$out"
grep -q 'agreement' "$out"
