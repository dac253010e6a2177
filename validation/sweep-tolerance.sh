#!/usr/bin/env bash
# Device-variability tolerance of the shipped networks in both array schemes: log-normal device-to-device spread
# and stuck-at faults, on the default compile card, 1000 test images per trial, seed 1 (the local engine on this
# machine). The per-trial results go to validation/sweep/*.csv and the tables to validation/sweep/*.txt; a rerun
# resumes from the CSV files (every trial already there is read back, not recomputed), so it prints the same tables
# in seconds. The figures are quoted in docs/sweep.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=validation/sweep
mkdir -p "$out"
run() { # name, then the sweep's arguments
  local name=$1
  shift
  ./memspice sweep "$@" --images 1000 --csv "$out/$name.csv" | sed "s|$out/$name.csv|validation/sweep/$name.csv|" \
    | tee "$out/$name.txt"
}
run bnn-sigma --model models/bnn-kdwg-w48.json --vary sigma=0:0.3:0.05 --trials 20 --plot docs/sweep-bnn-sigma.png
run bnn-stuck --model models/bnn-kdwg-w48.json --vary stuck=0:0.05:0.01 --trials 10 --plot docs/sweep-bnn-stuck.png
run bssc-sigma --model models/bssc-kdsng-w48.json --vary sigma=0:0.3:0.05 --trials 10 --plot docs/sweep-bssc-sigma.png
