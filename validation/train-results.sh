#!/usr/bin/env bash
# Regenerates the training results table: for every trained model in models/ (or the files given), its
# accuracy on the 10 000 Fashion-MNIST test images measured again by `memspice eval` (bit-packed
# XNOR/popcount inference for binary networks, float for the teacher; org.memspice.bnn, independent of the ND4J
# training code, and the bit-packed path independent of the float reference the training recorded), the accuracy the model file
# recorded when it was trained, the epochs it was trained for, the first epoch at which its per-epoch test
# accuracy (metrics CSV) reached 85 %, 88 % and 90 %, its binary weight count and its mean epoch time.
# Then the convergence of every run, including the further-seed runs whose metrics CSVs are kept in
# validation/train-runs/ (listed with their architecture, widths, method, seed, teacher and scheduled epochs in
# validation/train-runs/runs.tsv, an optional eighth field naming a weight schedule (--alpha-end, --adv-weight-end): runs with the shipped models' options and another seed, width or teacher, some
# of them stopped after their first epochs once the thresholds were measured): epochs to each threshold per run,
# and the final accuracy of the complete runs averaged over their seeds.
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
import csv, json, statistics, sys
runs = []
for path in sys.argv[1:]:
    md = json.load(open(path))["metadata"]
    hp = md["hyperparameters"]
    variant = "-"
    if "alphaEnd" in hp or "advWeightEnd" in hp:
        variant = f"alpha {hp['alpha']:g}->{hp.get('alphaEnd', hp['alpha']):g}"
        if "advWeight" in hp:
            variant += f", adv {hp['advWeight']:g}->{hp.get('advWeightEnd', hp['advWeight']):g}"
    runs.append(dict(arch=md["arch"], widths=hp["widths"], method=md["method"], seed=md["seed"], variant=variant,
                     teacher=hp.get("teacher", "-"), scheduled=md["epochs"], csv=path[:-5] + ".csv"))
index = "validation/train-runs/runs.tsv"
for n, line in enumerate(open(index), 1):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    if len(f) not in (7, 8):
        sys.exit(f"{index}:{n}: expected 7 or 8 tab-separated fields (metrics arch widths method seed teacher scheduled_epochs [weight_schedule]), got {len(f)}")
    runs.append(dict(arch=f[1], widths=f[2], method=f[3], seed=int(f[4]), teacher=f[5], scheduled=int(f[6]),
                     variant=f[7] if len(f) == 8 else "-",
                     csv="validation/train-runs/" + f[0]))
order = {"baseline": 0, "kd": 1, "kdg": 2, "kdwg": 3, "kdsng": 4}
runs.sort(key=lambda r: (r["arch"], int(r["widths"].split(",")[0]), r["scheduled"], order[r["method"]], r["variant"], r["teacher"], r["seed"]))
label = lambda r: r["method"] if r["variant"] == "-" else f"{r['method']} ({r['variant']})"
fmt = lambda e: "-" if e is None else str(e)
print("| arch | widths | method | teacher | seed | metrics | epochs run | test acc. epoch 1 / 2 / 3 | last epoch | epochs to 85 % | to 88 % | to 90 % |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in runs:
    rows = list(csv.DictReader(open(r["csv"])))
    r["acc"] = acc = [float(x["test_accuracy"]) for x in rows]
    first = lambda t: next((i + 1 for i, a in enumerate(acc) if a >= t), None)
    r["to85"] = first(0.85)
    early = " / ".join(f"{100*a:.2f}" for a in acc[:3])
    print(f"| {r['arch']} | {r['widths']} | {label(r)} | {r['teacher']} | {r['seed']} | {r['csv']} | {len(acc)} of {r['scheduled']} | {early} "
          f"| {100*acc[-1]:.2f} | {fmt(first(0.85))} | {fmt(first(0.88))} | {fmt(first(0.90))} |")
print()
print("Complete runs (every scheduled epoch) grouped by configuration (architecture, widths, scheduled epochs, method with its weight schedule if any, teacher): final test accuracy over the seeds run, and the mean "
      "test accuracy of their last three epochs (a less noisy figure for comparing methods).")
print()
print("| arch | widths | epochs | method | teacher | seeds | final accuracy: mean | min - max | mean of the last 3 epochs | epochs to 85 %, per seed |")
print("|---|---|---|---|---|---|---|---|---|---|")
groups = {}
for r in runs:
    if len(r["acc"]) == r["scheduled"]:
        groups.setdefault((r["arch"], r["widths"], r["scheduled"], label(r), r["teacher"]), []).append(r)
for (arch, widths, epochs, method, teacher), rs in groups.items():
    final = [100 * r["acc"][-1] for r in rs]
    seeds = ",".join(str(r["seed"]) for r in rs)
    to85 = ", ".join(fmt(r["to85"]) for r in rs)
    last3 = statistics.mean(100 * a for r in rs for a in r["acc"][-3:])
    print(f"| {arch} | {widths} | {epochs} | {method} | {teacher} | {seeds} | {statistics.mean(final):.2f} | {min(final):.2f} - {max(final):.2f} | {last3:.2f} | {to85} |")
PY
} > "$tmp"
mv "$tmp" "$out"
cat "$out"
