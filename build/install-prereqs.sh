#!/usr/bin/env bash
# install-prereqs.sh - installs what build/patch-torchsharp.sh needs on Debian/Ubuntu: patchelf, g++, python3.
# Also tries to install chromium, which is optional (the headless report check in tests/CodeNeurons.Core.Tests/Reporting
# is skipped without it): failing to install it is only a warning.
# Installs only what is missing; does nothing when all are present. Needs root (or sudo) to install.
# Called by .ci/run on fresh machines; safe to run by hand. See docs/debian12.md.
set -euo pipefail

# Optional chromium: warns instead of failing.
try_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  local sudo=""
  [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
  if command -v apt-get >/dev/null 2>&1 && { [[ -z "$sudo" ]] || command -v sudo >/dev/null 2>&1; } \
     && DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq \
     && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium; then
    echo "install-prereqs: installed chromium."
  else
    echo "install-prereqs: warning: chromium is not installed; the headless report check will be skipped." >&2
  fi
}

missing=()
command -v patchelf >/dev/null 2>&1 || missing+=(patchelf)
command -v g++      >/dev/null 2>&1 || missing+=(g++)
command -v python3  >/dev/null 2>&1 || missing+=(python3)

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-prereqs: patchelf, g++ and python3 are present."
  try_chromium
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-prereqs: missing ${missing[*]}, and apt-get is not available; install them with your package manager." >&2
  exit 1
fi

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-prereqs: missing ${missing[*]}; run as root to install them." >&2
    exit 1
  fi
fi

echo "install-prereqs: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
try_chromium
