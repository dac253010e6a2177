#!/usr/bin/env bash
# Training and inference speed of memspice's ND4J networks against their PyTorch twins (same shapes, same steps,
# same batch), for 1 and 2 threads, the two alternated in each round on the same machine; prints the table and
# writes validation/train-speed.results.txt.
#
#   validation/train-speed.sh [ROUNDS]          (default 2 rounds per thread count)
#   STEPS=20 IMAGES=2000 THREADS="1 2" validation/train-speed.sh
#
# Needs python3 with torch (Debian: apt-get install python3-torch) and the Fashion-MNIST training set
# ($FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist; Debian: apt-get install dataset-fashion-mnist).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
rounds="${1:-2}"
steps="${STEPS:-20}"
images="${IMAGES:-2000}"
threads="${THREADS:-1 2}"
py="$here/train-speed-pytorch.py"
# the Python that has torch: $PYTHON, else Debian's (python3-torch) before whatever python3 is first on PATH
python="${PYTHON:-}"
if [ -z "$python" ]; then
  for c in /usr/bin/python3 python3; do
    if "$c" -c "import torch" 2>/dev/null; then python="$c"; break; fi
  done
fi
[ -n "$python" ] && "$python" -c "import torch" 2>/dev/null \
  || { echo "train-speed: no python3 with torch (apt-get install python3-torch, or set PYTHON)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# build first, so that no timed run includes the build
"$root/memspice" --version >/dev/null
load0="$(cut -d' ' -f1-3 /proc/loadavg)"
pairs=()
for t in $threads; do
  for r in $(seq 1 "$rounds"); do
    echo "threads $t, round $r/$rounds: memspice" >&2
    OMP_NUM_THREADS=$t "$root/memspice" bench train --threads "$t" --steps "$steps" --images "$images" --json \
      > "$tmp/ms-$t-$r.json"
    echo "threads $t, round $r/$rounds: PyTorch" >&2
    OMP_NUM_THREADS=$t "$python" "$py" bench --threads "$t" --steps "$steps" --images "$images" --json > "$tmp/pt-$t-$r.json"
    pairs+=("$tmp/ms-$t-$r.json" "$tmp/pt-$t-$r.json")
  done
done
{
  echo "# validation/train-speed.sh $rounds: memspice bench train --steps $steps --images $images against its PyTorch twins"
  echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average at the start $load0, at the end $(cut -d' ' -f1-3 /proc/loadavg)," \
    "$("$python" -c 'import torch; print("torch", torch.__version__)'), memspice $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
  "$python" "$py" report "${pairs[@]}"
} | tee "$here/train-speed.results.txt"
