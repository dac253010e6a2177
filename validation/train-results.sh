#!/usr/bin/env bash
# Regenerates the training results table: for every trained model in models/ (or the files given), its
# accuracy on the 10 000 Fashion-MNIST test images measured again by `memspice eval` (bit-packed
# XNOR/popcount inference for binary networks, float for the teacher; org.memspice.bnn, independent of the ND4J
# training code, and the bit-packed path independent of the float reference the training recorded), the accuracy the model file
# recorded when it was trained, the epochs it was trained for, the first epoch at which its per-epoch test
# accuracy (metrics CSV) reached 85 %, 88 % and 90 %, its binary weight count and its mean epoch time.
# Then the convergence of every run, including the further-seed runs whose metrics CSVs are kept in
# validation/train-runs/ (ARCH-METHOD-sSEED.csv, widths 32,64,128, and ARCH-METHOD-sSEED-wA-B-C.csv, widths
# A,B,C: runs with the shipped models' options and another seed or width, some of them stopped after their first
# epochs once the thresholds were measured): epochs to each threshold per width, method and seed.
# Output: validation/train-results.md (also printed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out=validation/train-results.md
models=("$@")
if [ ${#models[@]} -eq 0 ]; then
  models=()
  for m in models/*.json; do [ -f "${m%.json}.csv" ] && models+=("$m"); done
fi
tmp=$(mktemp)
{
  echo "| model | arch | widths | method | seed | epochs | test accuracy (eval) | recorded | epochs to 85 / 88 / 90 % | binary weights | mean epoch s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for m in "${models[@]}"; do
    ev=$(./memspice eval --model "$m" --json 2>/dev/null)
    python3 - "$m" "${m%.json}.csv" "$ev" <<'PY'
import json, sys, csv
path, csvpath, ev = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
m = json.load(open(path))
md = m["metadata"]
rows = list(csv.DictReader(open(csvpath)))
def first(t):
    return next((r["epoch"] for r in rows if float(r["test_accuracy"]) >= t), "-")
to85 = " / ".join(first(t) for t in (0.85, 0.88, 0.90))
secs = sum(float(r["epoch_seconds"]) for r in rows) / max(1, len(rows))
def count(l):
    if not l.get("binaryWeights"):
        return 0
    t = l["type"]
    if t == "conv":
        return l["in"] * l["out"] * l["k"] * l["k"]
    if t == "sepconv":
        mid = l.get("mid", l["out"])
        return l["in"] * mid * l["k"] + mid * l["out"] * l["k"]
    if t == "dense":
        return l["in"] * l["out"]
    return 0
bw = sum(count(l) for l in m["layers"])
rec = md.get("testAccuracy")
print(f"| {path} | {md['arch']} | {md['hyperparameters']['widths']} | {md['method']} | {md['seed']} | {md['epochs']} | {100*ev['accuracy']:.2f} % "
      f"| {'-' if rec is None else f'{100*rec:.2f} %'} | {to85} | {bw} | {secs:.0f} |")
PY
  done
  echo
  echo "Convergence: the first epoch whose test accuracy reached each threshold (\"-\": not within the epochs run)."
  echo
  python3 - "${models[@]}" <<'PY'
import csv, glob, json, os, sys
runs = []
for path in sys.argv[1:]:
    md = json.load(open(path))["metadata"]
    runs.append((md["arch"], md["hyperparameters"]["widths"], md["method"], md["seed"], path[:-5] + ".csv"))
for c in sorted(glob.glob("validation/train-runs/*.csv")):
    parts = os.path.basename(c)[:-4].split("-")
    arch, method, seed = parts[:3]
    widths = ",".join([parts[3][1:]] + parts[4:]) if len(parts) > 3 else "32,64,128"
    runs.append((arch, widths, method, int(seed[1:]), c))
print("| arch | widths | method | seed | metrics | epochs run | test acc. epoch 1 / 2 / 3 | last epoch | epochs to 85 % | to 88 % | to 90 % |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
order = {"baseline": 0, "kd": 1, "kdg": 2, "kdwg": 3, "kdsng": 4}
for arch, widths, method, seed, c in sorted(runs, key=lambda r: (r[0], int(r[1].split(",")[0]), order[r[2]], r[3])):
    rows = list(csv.DictReader(open(c)))
    acc = [float(r["test_accuracy"]) for r in rows]
    first = lambda t: next((str(i + 1) for i, a in enumerate(acc) if a >= t), "-")
    early = " / ".join(f"{100*a:.2f}" for a in acc[:3])
    print(f"| {arch} | {widths} | {method} | {seed} | {c} | {len(rows)} | {early} | {100*acc[-1]:.2f} | {first(0.85)} | {first(0.88)} | {first(0.90)} |")
PY
} > "$tmp"
mv "$tmp" "$out"
cat "$out"
