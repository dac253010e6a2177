#!/usr/bin/env bash
# Regenerates the training results table: for every trained model in models/ (or the files given), its
# accuracy on the 10 000 Fashion-MNIST test images measured again by `memspice eval` (the reference float
# inference of org.memspice.bnn, independent of the ND4J training code), the accuracy the model file
# recorded when it was trained, the epochs it was trained for, the first epoch at which its per-epoch test
# accuracy (metrics CSV) reached 85 %, its binary weight count and its mean epoch time.
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
  echo "| model | arch | method | seed | epochs | test accuracy (eval) | recorded | epochs to 85 % | binary weights | mean epoch s |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for m in "${models[@]}"; do
    ev=$(./memspice eval --model "$m" --path float --json 2>/dev/null)
    python3 - "$m" "${m%.json}.csv" "$ev" <<'PY'
import json, sys, csv
path, csvpath, ev = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
m = json.load(open(path))
md = m["metadata"]
rows = list(csv.DictReader(open(csvpath)))
to85 = next((r["epoch"] for r in rows if float(r["test_accuracy"]) >= 0.85), "not reached")
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
print(f"| {path} | {md['arch']} | {md['method']} | {md['seed']} | {md['epochs']} | {100*ev['accuracy']:.2f} % "
      f"| {'-' if rec is None else f'{100*rec:.2f} %'} | {to85} | {bw} | {secs:.0f} |")
PY
  done
} > "$tmp"
mv "$tmp" "$out"
cat "$out"
