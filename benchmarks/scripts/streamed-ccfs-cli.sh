#!/usr/bin/env bash
# `codeneurons ccfs` with data.rows (the streamed path from the command line) at 7B width: 32 layers × 4096 = 131,072
# neurons per row, on the same seeded synthetic raw folders and with the same options as the `ccfs` run of
# streamed-ccfs.sh (StreamedCcfs called from code), under /usr/bin/time -v. Results: docs/performance.md.
# Usage: benchmarks/scripts/streamed-ccfs-cli.sh [DATA_DIR] [RESULTS_DIR]
set -euo pipefail
DATA=${1:-/tmp/codeneurons-streamed}
OUT=${2:-benchmarks/results/streamed-cli-$(date -u +%F)}
mkdir -p "$OUT"
: > "$OUT/load.txt"   # the sampler appends (O_APPEND), so the step markers below are not overwritten
( while true; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 30; done ) >> "$OUT/load.txt" &
SAMPLER=$!
trap 'kill $SAMPLER' EXIT
nice -n 19 dotnet build benchmarks/CodeNeurons.ScaleCheck -c Release -v q
nice -n 19 dotnet build src/CodeNeurons.Cli -c Release -v q
B=benchmarks/CodeNeurons.ScaleCheck/bin/Release/net10.0/CodeNeurons.ScaleCheck.dll
if [ ! -f "$DATA/test/y.i32" ]; then
  echo "$(date -u +%T) synth" >> "$OUT/load.txt"
  nice -n 19 /usr/bin/time -v dotnet "$B" synth "$DATA" --layers 32 --width 4096 --train 2000 --dev 500 --test 500 --classes 4 --seed 1 > "$OUT/synth.json" 2> "$OUT/synth.time"
fi
# The options of `ScaleCheck ccfs --epochs 3 --batch 32 --lr 0.01 --threshold 0.3`; stages: data.rows' default (oracle, layerwise, ccfs).
cat > "$OUT/wide.json" <<JSON
{
  "data": { "rows": { "train": "$DATA/train", "dev": "$DATA/dev", "test": "$DATA/test" } },
  "pipeline": {
    "probe": { "epochs": 3, "batchSize": 32, "learningRate": 0.01, "l1": 1e-5, "l2": 1e-5 },
    "combined": { "thresholds": [null, 0.3] },
    "seed": 1
  }
}
JSON
echo "$(date -u +%T) cli" >> "$OUT/load.txt"
nice -n 19 /usr/bin/time -v dotnet src/CodeNeurons.Cli/bin/Release/net10.0/CodeNeurons.Cli.dll ccfs --config "$OUT/wide.json" --output "$OUT/report.json" > "$OUT/cli.out" 2> "$OUT/cli.time"
echo "$(date -u +%T) done" >> "$OUT/load.txt"
grep -E 'Elapsed|Maximum resident|User time|System time|Percent of CPU' "$OUT/cli.time" | sed 's/^\s*//'
