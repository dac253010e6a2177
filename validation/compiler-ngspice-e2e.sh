#!/usr/bin/env bash
# A small binary network run end to end through ngspice, tile by tile: every tile read of every layer of every
# image is solved by ngspice-39 (`memspice infer --solver ngspice`: one ngspice process per tile, layer and
# image, altering the word-line sources read by read), the comparators and the digital periphery applied to its
# currents, layer after layer; the same images through memspice's port reductions (`--solver ports`). The
# predictions, and every layer's flipped-decision count and smallest margin, must agree.
# The network (random weights, seeded; widths 4,8,8, hidden 16) and its 32x32 tiles keep ngspice's work small; 20 ohm
# wire segments (WIRE_R) make the circuit flip some decisions, which both solvers must flip alike.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ngspice >/dev/null || { echo "ngspice not found" >&2; exit 1; }
dir=validation/compiler
out=validation/compiler-ngspice-e2e.results.txt
images=${IMAGES:-6}
mkdir -p "$dir"
./memspice bench inference --arch bnn --widths 4,8,8 --hidden 16 --seed 7 --images 100 --threads 1 \
  --write-model "$dir/tiny-bnn.json" >/dev/null 2>&1
common=(--model "$dir/tiny-bnn.json" --tile 32x32 --wire-r "${WIRE_R:-20}" --limit "$images" --threads 2 --scheme both)
./memspice infer "${common[@]}" --solver ports --json --predictions "$dir/e2e-ports.csv" > "$dir/e2e-ports.json" 2>/dev/null
start=$(date +%s)
./memspice infer "${common[@]}" --solver ngspice --json --predictions "$dir/e2e-ngspice.csv" > "$dir/e2e-ngspice.json" 2>/dev/null
seconds=$(( $(date +%s) - start ))
{
  echo "# compiler-ngspice-e2e.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(ngspice -v 2>/dev/null | grep -o 'ngspice-[0-9]*' | head -1), $images test images, ngspice run ${seconds} s"
  python3 - "$dir/e2e-ports.json" "$dir/e2e-ngspice.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["results"]
b = json.load(open(sys.argv[2]))["results"]
ok = True
for x, y in zip(a, b):
    print(f"## {x['scheme']}: software {x['software_accuracy']:.4f}, circuit (ports) {x['circuit_accuracy']:.4f}, "
          f"circuit (ngspice) {y['circuit_accuracy']:.4f}, agreement ports {x['agreement']:.4f} ngspice {y['agreement']:.4f}")
    print(f"   {'layer':26s} {'decisions':>10s} {'flipped ports':>14s} {'flipped ngspice':>16s} {'min margin ports (V)':>21s} {'min margin ngspice (V)':>23s} {'rel diff':>9s}")
    for lx, ly in zip(x["layers"], y["layers"]):
        d = abs(lx["min_margin_v"] - ly["min_margin_v"]) / max(abs(lx["min_margin_v"]), 1e-30)
        same = lx["decisions"] == ly["decisions"] and lx["flipped"] == ly["flipped"] and d < 1e-6
        ok &= same
        print(f"   {lx['name']:26s} {lx['decisions']:10d} {lx['flipped']:14d} {ly['flipped']:16d} {lx['min_margin_v']:21.12g} {ly['min_margin_v']:23.12g} {d:9.1e}{'' if same else '  DIFFERS'}")
    ok &= x["circuit_accuracy"] == y["circuit_accuracy"] and x["agreement"] == y["agreement"]
print("predictions: identical" if ok else "predictions or layer counts DIFFER")
sys.exit(0 if ok else 1)
PY
  for s in double-column single-column; do
    if cmp -s "$dir/e2e-ports-$s.csv" "$dir/e2e-ngspice-$s.csv"; then
      echo "per-image predictions ($s): identical ($(($(wc -l < "$dir/e2e-ports-$s.csv") - 1)) images)"
    else
      echo "per-image predictions ($s): DIFFER"; exit 1
    fi
  done
} | tee "$out"
