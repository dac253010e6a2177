#!/usr/bin/env bash
# Behavioral memristor netlists (B, E and G sources with value expressions, .func, capacitor IC= with uic) through
# memspice's `spice run` and through ngspice 39 on the same file, every vector compared on a shared grid of 4001
# points (NRMS: the RMS of the difference over the range of ngspice's vector; .tran to 1e-3 required, 2e-3 for a
# switched signal, one that jumps by more than a fifth of its range between two of ngspice's points), every
# transient of a netlist whose control block runs several (tran1, tran2 ...: one wrdata per plot after setplot); then
# Biolek's HP netlist with the Joglekar and the Biolek window against memspice's own hp-joglekar and hp-biolek
# device cards under the same drive (`device sim`), current and state (1e-3 NRMS required).
# Further netlists given as arguments (e.g. an ngspice source tree's examples/memristor/memristor.sp) are compared
# the same way: validation/behavioral-models.sh [FILE.cir ...] (then the results file is left as it is)
set -euo pipefail
extra=(); for f in "$@"; do extra+=("$(realpath "$f")"); done
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
# with further netlists the results go to the standard output only, the results file staying the shipped netlists'
out=validation/behavioral-models.results.txt; [ $# -gt 0 ] && out=$work/results.txt
trap 'rm -rf "$work"' EXIT
nrms() { # label kind a.csv a-scale a-vector b.csv b-scale b-vector [negate-b]
  python3 - "$@" <<'PY'
import csv, sys, bisect, math
label, kind, fa, sa, va, fb, sb, vb = sys.argv[1:9]
neg = len(sys.argv) > 9
def col(f, name):
    rows = list(csv.reader(open(f)))
    h = [x.strip().lower() for x in rows[0]]
    i = h.index(name)
    return [float(r[i]) for r in rows[1:]]
ta, ya, tb, yb = col(fa, sa), col(fa, va), col(fb, sb), col(fb, vb)
if neg: yb = [-y for y in yb]
def at(ts, ys, x):
    k = min(max(bisect.bisect_left(ts, x), 1), len(ts) - 1)
    w = (x - ts[k-1]) / (ts[k] - ts[k-1]) if ts[k] != ts[k-1] else 0
    return ys[k-1] + w * (ys[k] - ys[k-1])
lo, hi = max(ta[0], tb[0]), min(ta[-1], tb[-1])
grid = [lo + (hi - lo) * k / 4000 for k in range(4001)]
a = [at(ta, ya, t) for t in grid]; b = [at(tb, yb, t) for t in grid]
rng = max(b) - min(b) or 1.0
# a vector memspice computes as constant (a memristor's programming current while it sits at its bound) whose
# ngspice range is rounding (a current that is zero up to the rounding of 1e13 A terms) is measured against 1e-12 of
# the largest range of its kind (voltages or currents) in the same plot
if max(ya) == min(ya):
    rows = list(csv.reader(open(fb)))
    unit = vb.strip().lower()[:2]
    peers = [k for k, x in enumerate(rows[0]) if x.strip().lower()[:2] == unit]
    rng = max(rng, 1e-12 * max(max(float(r[k]) for r in rows[1:]) - min(float(r[k]) for r in rows[1:]) for k in peers))
e = math.sqrt(sum((p - q) ** 2 for p, q in zip(a, b)) / len(grid)) / rng
# a switched signal (a jump of more than a fifth of its range between two of the reference's own points) has edges
# that fall between the two simulators' time points: held to 2e-3
jump = max(abs(yb[k] - yb[k - 1]) for k in range(1, len(yb))) / rng
bound, note = (2e-3, " (switched)") if jump > 0.2 else (1e-3, "")
print(f"{label:34s} {kind:10s} {vb:16s} NRMS {e:.2e}  {'ok' if e <= bound else 'FAILS'} {bound:.0e}{note}")
sys.exit(0 if e <= bound else 1)
PY
}
status=0
{
  echo "# behavioral-models.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(ngspice -v 2>/dev/null | grep -o 'ngspice-[0-9]*' | head -1)"
  echo "## memspice spice run against ngspice on the same netlist"
  for f in validation/behavioral/*.cir "${extra[@]}"; do
    name=$(basename "$f" .cir); name=${name%.sp}
    # (run in the work folder: a control block's plots are written to the working folder)
    abs=$(realpath "$f"); (cd "$work" && "$root/memspice" spice run "$abs" --csv "$work/$name-memspice.csv") 2> "$work/$name-memspice.log" \
      || { cat "$work/$name-memspice.log"; echo "memspice failed on $f"; exit 1; }
    # every transient's plot (tran1, tran2 ... as ngspice names them) and the CSV memspice wrote for it
    plots=$(sed -n 's/^memspice: \([a-z]*[0-9]*\): [0-9]* points written to \(.*\)$/\1 \2/p' "$work/$name-memspice.log")
    [ -n "$plots" ] || { cat "$work/$name-memspice.log"; echo "memspice wrote no transient of $f"; exit 1; }
    # ngspice: the same netlist with a control block that writes, plot by plot, every vector memspice wrote
    # (a netlist with its own control block has run its analyses when the added block writes)
    run=run; grep -qi '^\s*\.control' "$f" && run=
    block=$(printf '.control\n%s\nset wr_singlescale\nset wr_vecnames\n' "$run")
    while read -r plot csv; do
      [ "$plot" = tran ] && plot=tran1
      vecs=$(head -1 "$csv" | cut -d, -f2- | tr ',' ' ')
      block=$(printf '%s\nsetplot %s\nwrdata %s %s\n' "$block" "$plot" "$work/$name-$plot-ng.txt" "$vecs")
    done <<< "$plots"
    { grep -viE '^\s*\.end\s*$' "$f"; printf '%s\n.endc\n.end\n' "$block"; } > "$work/$name-ng.cir"
    (cd "$work" && ngspice -b "$work/$name-ng.cir") > "$work/$name-ng.log" 2>&1 || true
    while read -r plot csv; do
      [ "$plot" = tran ] && plot=tran1
      ng="$work/$name-$plot-ng.txt"
      [ -s "$ng" ] || { cat "$work/$name-ng.log"; echo "ngspice wrote no $plot for $f"; exit 1; }
      python3 -c "import sys;l=[x.split() for x in open(sys.argv[1]) if x.strip()];print('\n'.join(','.join(r) for r in l))" "$ng" > "${ng%.txt}.csv"
      # one transient: its CSV is also the one the device-card comparison below reads
      [ "$csv" = "$work/$name-memspice.csv" ] || [ "$(echo "$plots" | wc -l)" -gt 1 ] || cp "$csv" "$work/$name-memspice.csv"
      label=$name; [ "$(echo "$plots" | wc -l)" -gt 1 ] && label="$name $plot"
      for v in $(head -1 "$csv" | cut -d, -f2- | tr ',' ' '); do
        nrms "$label" "tran" "$csv" time "$v" "${ng%.txt}.csv" time "$v" || status=1
      done
    done <<< "$plots"
  done
  echo "## Biolek's HP netlist (memspice spice run) against memspice's own device cards (device sim)"
  for w in joglekar biolek; do
    ./memspice device sim --card "devices/hp-$w.json" --csv "$work/hp-$w-card.csv" > /dev/null 2>&1
    nrms "hp-$w.cir vs devices/hp-$w.json" "current" "$work/hp-$w-card.csv" t i "$work/hp-$w-memspice.csv" time "i(v1)" negate || status=1
    nrms "hp-$w.cir vs devices/hp-$w.json" "state" "$work/hp-$w-card.csv" t x "$work/hp-$w-memspice.csv" time "v(x1.x)" || status=1
  done
} | tee "$out"
grep -q "FAILS" "$out" && exit 1 || exit $status
