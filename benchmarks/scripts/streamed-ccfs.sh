#!/usr/bin/env bash
# Streamed probe and CCFS at 7B width: 32 layers × 4096 = 131,072 neurons per row, read from raw folders on disk.
# Writes seeded synthetic splits (see benchmarks/CodeNeurons.ScaleCheck/Streamed.cs), then times one streamed probe and
# one StreamedCcfs run (oracle, LS, LS → CC → LCA) under /usr/bin/time -v. Results: docs/performance.md ("Large decoders").
# The in-memory probe on the same splits runs too (probe-dense): its weights' hash must equal the streamed probe's.
# Usage: benchmarks/scripts/streamed-ccfs.sh [DATA_DIR] [RESULTS_DIR] [extra synth options, e.g. --train 1000]
set -euo pipefail
DATA=${1:-/tmp/codeneurons-streamed}
OUT=${2:-benchmarks/results/streamed-$(date -u +%F)}
shift $(( $# > 2 ? 2 : $# )) || true
EXTRA=("$@")
nice -n 19 dotnet build benchmarks/CodeNeurons.ScaleCheck -c Release -v q
B=benchmarks/CodeNeurons.ScaleCheck/bin/Release/net10.0/CodeNeurons.ScaleCheck.dll
mkdir -p "$OUT"
# The machine is shared: sample the load average every 30 s while the runs go on. Both the sampler and run() append
# (O_APPEND), so neither overwrites the other's lines (the sampler once held a truncating descriptor and wrote over the
# step markers).
: > "$OUT/load.txt"
( while true; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 30; done ) >> "$OUT/load.txt" &
SAMPLER=$!
trap 'kill $SAMPLER' EXIT
run() { local name=$1; shift; echo "$(date -u +%T) $name" >> "$OUT/load.txt"; nice -n 19 /usr/bin/time -v dotnet "$B" "$@" > "$OUT/$name.json" 2> "$OUT/$name.time"; }
run synth synth "$DATA" --layers 32 --width 4096 --train 2000 --dev 500 --test 500 --classes 4 --seed 1 "${EXTRA[@]}"
run probe probe "$DATA" --epochs 3 --batch 32 --lr 0.01
run probe-dense probe "$DATA" --epochs 3 --batch 32 --lr 0.01 --dense
run ccfs ccfs "$DATA" --epochs 3 --batch 32 --lr 0.01 --threshold 0.3
# The same runs with the managed heap capped (the GC then collects instead of growing): the bound is real, not GC slack.
DOTNET_GCHeapHardLimit=0xC000000 run probe-heap192 probe "$DATA" --epochs 3 --batch 32 --lr 0.01
DOTNET_GCHeapHardLimit=0x18000000 run ccfs-heap384 ccfs "$DATA" --epochs 3 --batch 32 --lr 0.01 --threshold 0.3
for f in synth probe probe-dense ccfs probe-heap192 ccfs-heap384; do
  echo "$f: $(grep -E 'Elapsed|Maximum resident|User time|System time|Percent of CPU' "$OUT/$f.time" | sed 's/^\s*//' | tr '\n' ';')"
done
