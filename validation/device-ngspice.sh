#!/usr/bin/env bash
# Cross-check of every device card in devices/ against ngspice running the subcircuit memspice exports.
# For each card: memspice simulates the card's demonstration drive (device sim --csv), memspice writes an
# ngspice deck with the exported subcircuit and the same drive (device spice --testbench), ngspice runs it,
# and awk compares i(t) and x(t) on the shared uniform grid of 1001 points: RMS of the difference divided by
# the peak |i| (current) and by the state range x_max - x_min (state). Pass: both below 1e-3.
# Usage: validation/device-ngspice.sh [results-file]   (default validation/device-ngspice.results)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
results="${1:-$here/device-ngspice.results}"
command -v ngspice >/dev/null || { echo "device-ngspice.sh: ngspice is not installed (sudo apt-get install -y ngspice)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
{
  echo "# memspice device cards vs ngspice $(ngspice --version 2>/dev/null | grep -o 'ngspice-[0-9]*' | head -1), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# normalised RMS error on 1001 shared points: i by peak |i|, x by (x_max - x_min); pass if both < 1e-3"
  printf "%-16s %-6s %-12s %-16s %12s %12s %6s\n" card model window drive rms_i rms_x pass
} > "$results"
fail=0
for card in devices/*.json; do
  name="$(basename "$card" .json)"
  ./memspice device sim --card "$card" --csv "$work/$name.csv" --json > "$work/$name.json"
  ./memspice device spice --card "$card" --testbench "$work/$name.dat" > "$work/$name.cir"
  ngspice -b "$work/$name.cir" > "$work/$name.log" 2>&1 || { echo "ngspice failed on $name, see its log:" >&2; cat "$work/$name.log" >&2; exit 1; }
  get() { grep "\"$1\"" "$work/$name.json" | head -1 | sed 's/.*: *//; s/[",]//g'; }
  model="$(get model)"; window="$(get window)"; drive="$(get drive)"
  xmin="$(get x_min)"; xmax="$(get x_max)"
  row="$(awk -v xmin="$xmin" -v xmax="$xmax" '
    FNR == 1 { next }
    FILENAME ~ /\.csv$/ { split($0, f, ","); mi[FNR] = f[3]; mx[FNR] = f[4]; if (f[3] < 0 ? -f[3] > pk : f[3] > pk) pk = (f[3] < 0 ? -f[3] : f[3]); n = FNR; next }
    { ni[FNR] = $3; nx[FNR] = $4; m = FNR }
    END {
      if (m != n) { printf "grid mismatch %d %d", n, m; exit 1 }
      for (k = 2; k <= n; k++) { di = mi[k] - ni[k]; dx = mx[k] - nx[k]; si += di * di; sx += dx * dx }
      ei = sqrt(si / (n - 1)) / pk; ex = sqrt(sx / (n - 1)) / (xmax - xmin)
      printf "%12.3e %12.3e %6s", ei, ex, (ei < 1e-3 && ex < 1e-3) ? "yes" : "NO"
    }' "$work/$name.csv" "$work/$name.dat")"
  printf "%-16s %-6s %-12s %-16s %s\n" "$name" "$model" "$window" "$drive" "$row" | tee -a "$results"
  case "$row" in *NO*) fail=1 ;; esac
done
echo "results written to $results" >&2
exit $fail
