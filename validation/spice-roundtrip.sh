#!/usr/bin/env bash
# Runs netlists through `memspice spice run` and through ngspice -b, and prints the worst differences of
# every node voltage and source current (.op, .dc) or of the transient waveforms (.tran, ngspice values
# interpolated at memspice's time points). Netlists: the examples in netlists/, a crossbar exported by
# `memspice crossbar export` and a generated resistive mesh. Results go to validation/spice-roundtrip.results.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
out="validation/spice-roundtrip.results"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v ngspice >/dev/null || { echo "ngspice is required" >&2; exit 1; }

./memspice crossbar export --spec circuits/crossbar-8x8-single.json --out "$work/crossbar-8x8-single.cir" >/dev/null
./memspice crossbar export --spec circuits/crossbar-8x8-double.json --out "$work/crossbar-8x8-double.cir" >/dev/null
./memspice bench netlist --rows 30 --elements 2000 --keep "$work/mesh-30x30.cir" >/dev/null 2>&1
./memspice crossbar export --spec circuits/crossbar-64x64-double.json --out "$work/crossbar-64x64-double.cir" >/dev/null
sed 's/^\.op$/.options solver=iterative\n.op/' "$work/mesh-30x30.cir" > "$work/mesh-30x30-cg.cir"

# ngspice: the netlist with its analyses replaced by one control-block analysis writing an ASCII raw file
ngspice_run() { # file analysis raw
  { grep -viE '^\s*\.(op|dc|tran|end)\b' "$1"; printf '.control\nset filetype=ascii\n%s\nwrite %s\n.endc\n.end\n' "$2" "$3"; } > "$work/deck.cir"
  ngspice -b "$work/deck.cir" > "$work/ngspice.log" 2>&1 || true
  [ -s "$3" ] || { cat "$work/ngspice.log" >&2; echo "ngspice failed on $1" >&2; exit 1; }
}

compare() { # label kind memspice-output ngspice-raw
  python3 - "$@" <<'PY'
import csv, json, sys
label, kind, mine, raw = sys.argv[1:5]
lines = open(raw).read().splitlines()
names, values, i = [], [], 0
nv = np = 0
while i < len(lines):
    l = lines[i]
    if l.startswith("No. Variables:"): nv = int(l.split(":")[1])
    if l.startswith("No. Points:"): np = int(l.split(":")[1])
    if l.startswith("Variables:"):
        names = [lines[i + 1 + k].split()[1] for k in range(nv)]
        i += nv
    if l.startswith("Values:"):
        toks = " ".join(lines[i + 1:]).split()
        break
    i += 1
cols = {n: [] for n in names}
t = 0
for p in range(np):
    t += 1
    for n in names:
        cols[n].append(float(toks[t])); t += 1
cols = {("v-sweep" if n in ("v(v-sweep)", "v-sweep") else n): v for n, v in cols.items()}
if kind == "op":
    op = json.load(open(mine))["op"]
    ref = {**{"v(%s)" % k: v for k, v in op["v"].items()}, **{"i(%s)" % k: v for k, v in op["i"].items()}}
    mine_cols = {k: [v] for k, v in ref.items()}
else:
    rows = list(csv.reader(open(mine)))
    mine_cols = {h: [float(r[j]) for r in rows[1:]] for j, h in enumerate(rows[0])}
def interp(ts, ys, t):
    import bisect
    k = min(max(bisect.bisect_left(ts, t), 1), len(ts) - 1)
    w = (t - ts[k - 1]) / (ts[k] - ts[k - 1])
    return ys[k - 1] + w * (ys[k] - ys[k - 1])
worst_v = worst_i = 0.0
worst_v_rel = 0.0
compared = 0
for name, mv in mine_cols.items():
    if name in ("v-sweep", "time", "i-sweep") or name not in cols:
        continue
    nv_ = cols[name]
    for k, m in enumerate(mv):
        r = interp(cols["time"], nv_, mine_cols["time"][k]) if kind == "tran" else nv_[k]
        d = abs(m - r)
        if name.startswith("v("):
            worst_v = max(worst_v, d)
            if abs(r) > 1e-6: worst_v_rel = max(worst_v_rel, d / abs(r))
        else:
            worst_i = max(worst_i, d)
    compared += 1
missing = [n for n in mine_cols if n not in cols and n not in ("v-sweep", "time", "i-sweep")]
print("%-34s %-4s vectors %4d  max|dV| %.2e V  max rel dV %.2e  max|dI| %.2e A%s" % (
    label, kind, compared, worst_v, worst_v_rel, worst_i, ("  (not in ngspice: %s)" % missing[:3]) if missing else ""))
PY
}

run_case() { # label file kind ngspice-analysis
  local label="$1" file="$2" kind="$3" analysis="$4"
  if [ "$kind" = op ]; then
    ./memspice spice run "$file" --json 2>/dev/null > "$work/mine.json"
    ngspice_run "$file" "$analysis" "$work/ng.raw"
    compare "$label" op "$work/mine.json" "$work/ng.raw"
  else
    ./memspice spice run "$file" --csv "$work/mine.csv" >/dev/null 2>&1
    ngspice_run "$file" "$analysis" "$work/ng.raw"
    compare "$label" "$kind" "$work/mine.csv" "$work/ng.raw"
  fi
  rm -f "$work/ng.raw" "$work/mine.csv" "$work/mine.json"
}

# a one-analysis copy of a netlist
only() { grep -viE '^\s*\.(op|dc|tran)\b' "$1" | sed '/^\.end\s*$/d' > "$2"; echo "$3" >> "$2"; echo ".end" >> "$2"; }

{
  echo "# spice-roundtrip: memspice spice run vs ngspice-39 on the same netlist ($(date -u +%Y-%m-%d))"
  echo "# op/dc: every node voltage and V/E source current; tran: waveforms at memspice's time points"
  only netlists/divider-subckt.cir "$work/div-op.cir" ".op"
  run_case "divider-subckt (subckt, params)" "$work/div-op.cir" op "op"
  only netlists/divider-subckt.cir "$work/div-dc.cir" ".dc vdd 0 1.8 0.3"
  run_case "divider-subckt .dc vdd" "$work/div-dc.cir" dc "dc vdd 0 1.8 0.3"
  grep -v 'X1 in s' netlists/memristor-read.cir | sed 's/^Rsense s 0/Rsense s 0/' > "$work/cmp.cir"
  sed -i 's/^Vread in 0 DC 0.2/Vread in 0 DC 0.2\nRm in s 9000/' "$work/cmp.cir"
  run_case "comparator (Newton, tanh stage)" "$work/cmp.cir" op "op"
  run_case "crossbar 8x8 single (exported)" "$work/crossbar-8x8-single.cir" op "op"
  run_case "crossbar 8x8 double (exported)" "$work/crossbar-8x8-double.cir" op "op"
  run_case "mesh 30x30 (generated)" "$work/mesh-30x30.cir" op "op"
  run_case "mesh 30x30, .options solver=iterative (CG)" "$work/mesh-30x30-cg.cir" op "op"
  run_case "crossbar 64x64 double (exported; CG, auto)" "$work/crossbar-64x64-double.cir" op "op"
  run_case "memristor-sine .tran uic" netlists/memristor-sine.cir tran "tran 10m 1 0 1m uic"
  sed 's/^\.options reltol=1e-4$/.options reltol=1e-4 method=gear/' netlists/memristor-sine.cir > "$work/sine-gear.cir"
  run_case "memristor-sine .tran uic, gear" "$work/sine-gear.cir" tran "tran 10m 1 0 1m uic"
} | tee "$out"
