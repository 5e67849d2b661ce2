#!/usr/bin/env bash
# Rebuilds corpus.in / corpus.label (NeuroX parallel files, one source line per line) from the CPython standard
# library files listed in FILES.txt, with CodeNeurons' Python lexer (`codeneurons label --language python`).
# Usage: data/python-token-tagging/make.sh [STDLIB_DIR]   (default /usr/lib/python3.11)
# Set CODENEURONS to the command that runs the CLI (default: codeneurons on the PATH), e.g.
#   CODENEURONS="dotnet src/CodeNeurons.Cli/bin/Release/net10.0/CodeNeurons.Cli.dll" data/python-token-tagging/make.sh
# Same sources → same bytes: the files are labelled in FILES.txt order and concatenated.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="${1:-/usr/lib/python3.11}"
cli="${CODENEURONS:-codeneurons}"
[ -d "$src" ] || { echo "make.sh: the standard library folder '$src' does not exist; pass it as the first argument." >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/corpus.in"
: > "$tmp/corpus.label"
n=0
while IFS= read -r file; do
  case "$file" in ''|'#'*) continue ;; esac
  [ -f "$src/$file" ] || { echo "make.sh: $src/$file (listed in FILES.txt) does not exist." >&2; exit 1; }
  $cli label --language python --input "$src/$file" --output "$tmp/part" --skip-empty-lines --quiet
  cat "$tmp/part.in" >> "$tmp/corpus.in"
  cat "$tmp/part.label" >> "$tmp/corpus.label"
  n=$((n + 1))
done < "$here/FILES.txt"
mv "$tmp/corpus.in" "$here/corpus.in"
mv "$tmp/corpus.label" "$here/corpus.label"
echo "make.sh: labelled $n files into $here/corpus.in and corpus.label ($(wc -l < "$here/corpus.in") lines)."
