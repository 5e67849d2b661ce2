#!/usr/bin/env bash
# install-prereqs.sh - installs what build/patch-torchsharp.sh needs on Debian/Ubuntu: patchelf, g++, python3.
# Installs only what is missing; does nothing when all are present. Needs root (or sudo) to install.
# Called by .ci/run on fresh machines; safe to run by hand. See docs/debian12.md.
set -euo pipefail

missing=()
command -v patchelf >/dev/null 2>&1 || missing+=(patchelf)
command -v g++      >/dev/null 2>&1 || missing+=(g++)
command -v python3  >/dev/null 2>&1 || missing+=(python3)

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-prereqs: patchelf, g++ and python3 are present."
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
