#!/usr/bin/env bash
# Float inference and bit-packed XNOR/popcount inference are two independent computations of a binary
# network. This runs both on all 10 000 Fashion-MNIST test images for random BNN and BSSC-Net networks
# (seeded, random batch-norm parameters of both signs and some gamma = 0) and for every binary model shipped
# in models/, and records images/s and how many predictions differ (expected: 0).
set -euo pipefail
cd "$(dirname "$0")/.."
out=validation/bnn-inference/results.txt
mkdir -p validation/bnn-inference
{
  echo "# bnn-inference-agreement.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) processors"
  for arch in bnn bssc; do
    echo "## random $arch network, widths 32,32,64,64, hidden 128, seed 1, all test images"
    ./memspice bench inference --arch "$arch" --seed 1 --images 10000 --threads 2 \
      --write-model "validation/bnn-inference/random-$arch.json"
  done
  echo "## eval of the random bnn network on both paths (accuracy near 10 %: random weights)"
  ./memspice eval --model validation/bnn-inference/random-bnn.json --path float --limit 1000 2>/dev/null
  ./memspice eval --model validation/bnn-inference/random-bnn.json --path bitpacked --limit 1000 2>/dev/null
  echo "## classes loaded by eval that belong to ND4J / JavaCPP (expected: 0)"
  java -verbose:class -jar target/memspice.jar eval --model validation/bnn-inference/random-bnn.json --limit 10 2>/dev/null \
    | grep -ci -e nd4j -e bytedeco || true
  for m in models/*.json; do
    [ -e "$m" ] || continue
    echo "## shipped model $m"
    ./memspice eval --model "$m" --path float 2>/dev/null
    if ./memspice eval --model "$m" --path bitpacked 2>/dev/null; then
      ./memspice bench inference --model "$m" --images 10000 --threads 2
    fi
  done
} 2>&1 | grep -v -e '^bench inference:' -e '^memspice: building' | tee "$out"
