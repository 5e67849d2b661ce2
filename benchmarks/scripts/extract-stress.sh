#!/usr/bin/env bash
# 200 consecutive `codeneurons extract` runs over a few thousand lines of code, counting the runs that fail.
# Before the fix of implicit TorchSharp Scalars (see src/CodeNeurons.Torch/TorchScalars.cs), about 1 run in 5 died with
#   ExternalException: Expected false to be true … toLong at c10/core/Scalar.h:140 (THSTensor_ne_scalar)
# Not run in CI (it takes long). Usage: benchmarks/scripts/extract-stress.sh [RUNS] [LINES] [MODEL_DIR]
#   RUNS   number of runs (default 200)
#   LINES  input lines (default 3000, random Java-like tokens, seeded)
#   MODEL  a Hugging Face folder (default: the embedded all-MiniLM-L6-v2)
set -euo pipefail
runs=${1:-200}
lines=${2:-3000}
model=${3:-}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build "$repo/src/CodeNeurons.Cli" -c Release -o "$work/cli" >/dev/null
python3 - "$lines" > "$work/input.in" <<'PY'
import random, sys
random.seed(0)
words = "public static int x = 1 ; return foo ( ) String s \"a\" if else for while 42 new List < > [ ] { } . , + - * /".split()
for _ in range(int(sys.argv[1])):
    print(" ".join(random.choice(words) for _ in range(random.randint(1, 24))))
PY
failed=0
start=$(date +%s)
for ((i = 1; i <= runs; i++)); do
  args=(extract --input "$work/input.in" --output "$work/out.hdf5" --quiet)
  [[ -n "$model" ]] && args+=(--model "$model")
  if ! dotnet "$work/cli/CodeNeurons.Cli.dll" "${args[@]}" 2> "$work/err.txt"; then
    failed=$((failed + 1))
    echo "run $i failed: $(head -c 300 "$work/err.txt")"
  fi
  (( i % 10 == 0 )) && echo "$i runs, $failed failed, $(( $(date +%s) - start )) s"
done
echo "$runs runs over $lines lines: $failed failed, $(( $(date +%s) - start )) s in all."
[[ $failed -eq 0 ]]
