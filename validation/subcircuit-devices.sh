#!/usr/bin/env bash
# Behavioral memristor subcircuits as the devices of crossbar cells (deviceNetlist): Biolek's HP subcircuit
# (validation/behavioral/hp-biolek.cir) in every cell of a 4x4 array solved by the general engine, against the
# same states through the hp-biolek device card solved by the fast solver (output currents, device power), and
# against ngspice-39 on the exported netlist (one subcircuit instance per cell, its state node held); then a
# network compiled onto 32x32 tiles of those cells with two column groups checked through ngspice.
set -euo pipefail
cd "$(dirname "$0")/.."
out=validation/subcircuit-devices.results.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  echo "# subcircuit-devices.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(ngspice -v 2>/dev/null | grep -o 'ngspice-[0-9]*' | head -1)"
  echo "## 4x4 Biolek subcircuit cells (general engine) against the hp-biolek card's states (fast solver)"
  ./memspice crossbar solve --spec circuits/crossbar-4x4-biolek-netlist.json --json > "$work/general.json"
  ./memspice crossbar solve --spec circuits/crossbar-4x4-states.json --json > "$work/card.json"
  python3 - "$work/general.json" "$work/card.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
worst = wp = 0
for ra, rb in zip(a["reads"], b["reads"]):
    s = max(abs(x) for x in rb["outputCurrents"])
    worst = max([worst] + [abs(x - y) / s for x, y in zip(ra["outputCurrents"], rb["outputCurrents"])])
    wp = max(wp, abs(ra["power"]["devices"] - rb["power"]["devices"]) / rb["power"]["devices"])
ok = worst <= 1e-9 and wp <= 1e-9
print(f"solver {a['solver']} vs {b['solver']}: output currents {worst:.2e}, device power {wp:.2e}  {'ok' if ok else 'FAILS'} 1e-9")
sys.exit(0 if ok else 1)
PY
  echo "## the exported netlist through ngspice-39 against the general engine (input 0)"
  ./memspice crossbar export --spec circuits/crossbar-4x4-biolek-netlist.json --out "$work/x.cir"
  { grep -viE '^\s*\.end\s*$' "$work/x.cir"; printf '.control\nset filetype=binary\nop\nwrite %s\n.endc\n.end\n' "$work/x.raw"; } > "$work/x-ng.cir"
  ngspice -b "$work/x-ng.cir" > "$work/ng.log" 2>&1
  ./memspice crossbar solve --spec circuits/crossbar-4x4-biolek-netlist.json --compare-raw "$work/x.raw" | tail -1
  echo "## a network on 32x32 tiles of Biolek subcircuit cells, two column groups through ngspice-39"
  ./memspice compile --model models/bnn-kdwg.json --card circuits/compile-biolek-netlist-32.json --out "$work/net" \
      --verify-ngspice 2 2>/dev/null | sed -n '/ngspice check/,$p'
} | tee "$out"
