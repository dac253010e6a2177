#!/usr/bin/env bash
# A 16x16 crossbar of behavioral memristor subcircuits (Biolek's HP model with the Joglekar window, as in
# behavioral/hp-joglekar.cir: G, E, C, .func), 1 ohm wire segments, 10 ohm drivers and sense resistors, a 1 Hz sine
# on every row, `.tran 1m 1 0 1m uic`: memspice `spice run` against ngspice on the same netlist, whole process each
# (start-up, reading, the transient, writing), and the agreement of two column outputs and a row current.
set -euo pipefail
cd "$(dirname "$0")/.."
out=validation/behavioral-crossbar-speed.results.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/xb16.cir" <<'PY'
import sys
n = 16
L = ["16x16 crossbar of Biolek HP memristors (Joglekar window), 1 ohm wire segments, a sine on every row",
     ".SUBCKT memristor Plus Minus PARAMS: Ron=100 Roff=16k Rinit=14410 D=10n uv=1e-14 p=10",
     "Gx 0 x value={I(Emem)*uv*Ron/D**2*f(V(x),p)}",
     "Cx x 0 1 IC={(Roff-Rinit)/(Roff-Ron)}",
     "Raux x 0 1T",
     "Emem plus aux value={-I(Emem)*V(x)*(Roff-Ron)}",
     "Roff aux minus {Roff}",
     ".func f(x,p)={1-(2*x-1)**(2*p)}",
     ".ENDS"]
for i in range(n):
    L.append(f"V{i} in{i} 0 SIN(0 {1.0 + 0.01 * i:.2f} 1)")
    L.append(f"Rd{i} in{i} r{i}_0 10")
    for j in range(n):
        if j > 0: L.append(f"Rr{i}_{j} r{i}_{j-1} r{i}_{j} 1")
        L.append(f"X{i}_{j} r{i}_{j} c{i}_{j} memristor")
        if i > 0: L.append(f"Rc{i}_{j} c{i-1}_{j} c{i}_{j} 1")
for j in range(n):
    L.append(f"Rs{j} c{n-1}_{j} 0 10")
L += [".tran 1m 1 0 1m uic", ".end"]
open(sys.argv[1], "w").write("\n".join(L) + "\n")
PY
sed 's/^\.end$//' "$work/xb16.cir" > "$work/xb16-ng.cir"
printf '.control\nrun\nset wr_singlescale\nwrdata %s v(c15_0) v(c15_15) i(v0)\n.endc\n.end\n' "$work/ng.txt" >> "$work/xb16-ng.cir"
./memspice --version > /dev/null   # built before timing
t0=$(date +%s.%N); ./memspice spice run "$work/xb16.cir" --csv "$work/m.csv" 2> "$work/m.log"; t1=$(date +%s.%N)
ngspice -b "$work/xb16-ng.cir" > "$work/ng.log" 2>&1 || true; t2=$(date +%s.%N)
[ -s "$work/ng.txt" ] || { cat "$work/ng.log"; echo "ngspice failed"; exit 1; }
python3 - "$work" "$t0" "$t1" "$t2" <<'PY' | tee "$out"
import csv, sys, bisect, math, datetime
w, t0, t1, t2 = sys.argv[1], *map(float, sys.argv[2:])
r = list(csv.reader(open(f"{w}/m.csv"))); h = r[0]
n = [list(map(float, l.split())) for l in open(f"{w}/ng.txt") if l.strip()]
print(f"# behavioral-crossbar-speed.sh, {datetime.datetime.utcnow():%Y-%m-%dT%H:%M:%SZ}: 16x16 crossbar of Biolek HP"
      f" memristor subcircuits (256 G and 256 E value sources), .tran 1m 1 uic, whole process")
print(f"memspice spice run {t1 - t0:6.2f} s ({len(r) - 1} points)")
print(f"ngspice -b         {t2 - t1:6.2f} s ({len(n)} points)")
print(f"memspice / ngspice {(t1 - t0) / (t2 - t1):6.2f}")
for j, name in ((1, "v(c15_0)"), (2, "v(c15_15)"), (3, "i(v0)")):
    k = h.index(name); t = [float(x[0]) for x in r[1:]]; y = [float(x[k]) for x in r[1:]]
    def at(x):
        q = min(max(bisect.bisect_left(t, x), 1), len(t) - 1); a = (x - t[q-1]) / (t[q] - t[q-1])
        return y[q-1] + a * (y[q] - y[q-1])
    ys = [row[j] for row in n]; rng = max(ys) - min(ys)
    e = math.sqrt(sum((at(row[0]) - row[j]) ** 2 for row in n) / len(n)) / rng
    print(f"{name:10s} NRMS against ngspice {e:.2e}")
PY
