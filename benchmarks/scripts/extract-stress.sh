#!/usr/bin/env bash
# 200 consecutive `codeneurons extract` runs over a few thousand lines of code, counting the runs that fail.
# Before the fix of implicit TorchSharp Scalars (see src/CodeNeurons.Torch/TorchScalars.cs), about 1 run in 5 died with
#   ExternalException: Expected false to be true … toLong at c10/core/Scalar.h:140 (THSTensor_ne_scalar)
# Not run in CI (it takes long). Run it at low priority on a shared machine:
#   nice -n 19 benchmarks/scripts/extract-stress.sh [RUNS] [LINES] [MODEL_DIR] [INPUT]
#   RUNS   number of runs (default 200)
#   LINES  input lines (default 3000)
#   MODEL  a Hugging Face folder (default, or when empty: the embedded all-MiniLM-L6-v2)
#   INPUT  a NeuroX .in file (one tokenised line per sentence) whose first LINES lines are the input, e.g. the
#          paper's Java token-tagging data ../shared/data/java-token-tagging/valid.in (default: LINES random
#          Java-like lines, seeded)
# One line per run: its number, ok or FAILED, its wall time and the load average at its end; a summary at the end.
set -euo pipefail
runs=${1:-200}
lines=${2:-3000}
model=${3:-}
input=${4:-}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build "$repo/src/CodeNeurons.Cli" -c Release -o "$work/cli" >/dev/null
if [[ -n "$input" ]]; then
  head -n "$lines" "$input" > "$work/input.in"
else
  python3 - "$lines" > "$work/input.in" <<'PY'
import random, sys
random.seed(0)
words = "public static int x = 1 ; return foo ( ) String s \"a\" if else for while 42 new List < > [ ] { } . , + - * /".split()
for _ in range(int(sys.argv[1])):
    print(" ".join(random.choice(words) for _ in range(random.randint(1, 24))))
PY
fi
echo "input: $(wc -l < "$work/input.in") lines, $(wc -w < "$work/input.in") tokens; model: ${model:-embedded all-MiniLM-L6-v2}; $(nproc) cores"
failed=0
start=$(date +%s)
for ((i = 1; i <= runs; i++)); do
  args=(extract --input "$work/input.in" --output "$work/out.hdf5" --quiet)
  [[ -n "$model" ]] && args+=(--model "$model")
  t0=$(date +%s.%N)
  rc=0
  dotnet "$work/cli/CodeNeurons.Cli.dll" "${args[@]}" 2> "$work/err.txt" || rc=$?
  if [[ $rc -eq 0 ]]; then status=ok; else
    failed=$((failed + 1))
    status="FAILED (exit $rc): $(head -c 300 "$work/err.txt")"
  fi
  echo "run $i: $status, $(echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.1f') s, load $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "$runs runs over $lines lines: $failed failed, $(( $(date +%s) - start )) s in all."
[[ $failed -eq 0 ]]
