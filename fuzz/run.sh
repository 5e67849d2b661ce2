#!/usr/bin/env bash
# Runs every fuzz target for a fixed number of executions (not part of CI; see docs/fuzzing.md).
#   fuzz/run.sh [executions per target, default 20000] [target ...]
# Builds fuzz/CodeNeurons.Fuzz (Release), instruments CodeNeurons*.dll with SharpFuzz, then runs the coverage-guided
# loop per target at low priority. Findings: fuzz/out/findings/<target>/*.bin (+ .txt with the stack); corpus growth:
# fuzz/out/corpus/<target>/; one "RESULT" line per target in fuzz/out/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
EXECS="${1:-20000}"; shift || true
BIN=fuzz/CodeNeurons.Fuzz/bin/Release/net10.0
nice -n 19 dotnet build fuzz/CodeNeurons.Fuzz -c Release --nologo -v quiet
dotnet "$BIN/CodeNeurons.Fuzz.dll" instrument "$BIN"
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then mapfile -t TARGETS < <(dotnet "$BIN/CodeNeurons.Fuzz.dll" list | awk '{print $1}'); fi
mkdir -p fuzz/out
: > fuzz/out/summary.txt
for t in "${TARGETS[@]}"; do
  # A 1 GiB heap limit turns a runaway allocation into an OutOfMemoryException (a finding) instead of swapping.
  # Exit codes: 0 clean, 1 findings, 3 a hang (the input is saved; the loop stops for that target).
  set +e
  DOTNET_GCHeapHardLimit=0x40000000 nice -n 19 timeout 3600 dotnet "$BIN/CodeNeurons.Fuzz.dll" run "$t" --executions "$EXECS" \
    | tee "fuzz/out/$t.log" | grep -E '^(RESULT|FINDING|  )' | tee -a fuzz/out/summary.txt
  set -e
done
echo "summary: fuzz/out/summary.txt; findings: fuzz/out/findings/"
