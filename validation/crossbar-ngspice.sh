#!/usr/bin/env bash
# ngspice vs memspice on generated crossbars: 8x8 to 64x64, plain random conductances and both weight
# schemes, wire resistance 0.1 to 10 ohm per segment, three kinds of sensing. For every case the spec is
# written to crossbar-ngspice/, exported by `memspice crossbar export`, run by `ngspice -b`, and compared
# with `memspice crossbar solve --compare-raw`: worst relative differences of node voltages, column
# currents and outputs. Fails (exit 1) when any difference exceeds 1e-6.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
work="$here/crossbar-ngspice"
results="$here/crossbar-ngspice.results.txt"
mkdir -p "$work"
command -v ngspice >/dev/null || { echo "ngspice not found" >&2; exit 1; }
ms() { "$root/memspice" "$@"; }

{
echo "# memspice crossbar solve vs ngspice ($(ngspice -v 2>/dev/null | grep -o 'ngspice-[0-9]*' | head -1)) on exported netlists"
echo "# errors: max |memspice - ngspice| / max |ngspice| over all word/bit-line nodes, sense currents, outputs"
printf "%-9s %-13s %-8s %-16s %7s %12s %12s %12s\n" size scheme wire sensing nodes V_err I_col_err I_out_err
} > "$results"

fail=0
seed=100
for n in 8 16 32 64; do
  for scheme in conductances double-column single-column; do
    for wire in 0.1 1 10; do
      seed=$((seed + 1))
      case "$scheme" in
        conductances) devices='"conductances": {"random": {"seed": '$seed', "min": "1u", "max": "200u"}}'
                      sensing='{"type": "resistor", "resistance": 100}'; label="R 100";;
        double-column) devices='"weights": {"random": {"seed": '$seed'}}, "gOn": "200u", "gOff": "2u"'
                      sensing='{"type": "tia", "feedbackResistance": "10k"}'; label="TIA ideal";;
        single-column) devices='"weights": {"random": {"seed": '$seed'}}, "gOn": "100u", "gOff": "1u", "referenceColumn": "middle"'
                      sensing='{"type": "tia", "feedbackResistance": "10k", "openLoopGain": 1e5}'; label="TIA A=1e5";;
      esac
      name="x${n}-${scheme}-r${wire}"
      spec="$work/$name.json"
      cat > "$spec" <<JSON
{
  "name": "$name",
  "rows": $n, "columns": $n, "scheme": "$scheme",
  $devices,
  "wires": {"wordLineSegmentResistance": $wire, "bitLineSegmentResistance": $wire},
  "driverResistance": 10,
  "sensing": $sensing,
  "readVoltage": 0.2, "encoding": "bipolar",
  "inputs": {"random": {"seed": $((seed + 1000)), "count": 1}}
}
JSON
      ms crossbar export --spec "$spec" --out "$work/$name.cir" >/dev/null
      (cd "$work" && SPICE_ASCIIRAWFILE=1 ngspice -b -r "$name.raw" "$name.cir" > "$name.log" 2>&1) \
        || { echo "ngspice failed on $name (see $work/$name.log)" >&2; exit 1; }
      out="$(ms crossbar solve --spec "$spec" --compare-raw "$work/$name.raw" --json)"
      get() { echo "$out" | grep "\"$1\"" | head -1 | sed 's/.*: *//; s/,$//'; }
      v=$(get nodeVoltageRelativeError); ic=$(get columnCurrentRelativeError); io=$(get outputCurrentRelativeError)
      nodes=$(get nodesCompared)
      printf "%-9s %-13s %-8s %-16s %7s %12.3e %12.3e %12.3e\n" "${n}x${n}" "$scheme" "$wire" "$label" "$nodes" "$v" "$ic" "$io" | tee -a "$results"
      for e in "$v" "$ic" "$io"; do
        awk -v e="$e" 'BEGIN { exit !(e > 1e-6) }' && fail=1
      done
      rm -f "$work/$name.raw" "$work/$name.cir" "$work/$name.log"
    done
  done
done
if [ "$fail" -ne 0 ]; then
  echo "FAIL: a difference above 1e-6" | tee -a "$results"
  exit 1
fi
echo "PASS: every case within 1e-6 relative" | tee -a "$results"
