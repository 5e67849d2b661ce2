#!/usr/bin/env bash
# patch-torchsharp.sh - make TorchSharp's libLibTorchSharp.so load on Linux distributions whose
# libstdc++ predates GCC 13 (GLIBCXX_3.4.32), e.g. Debian 12. See docs/debian12.md.
#
# Usage:
#   build/patch-torchsharp.sh [options] [LIB_OR_DIR ...]
#
#   With no LIB_OR_DIR: patches every TorchSharp package in the NuGet global packages folder
#   ($NUGET_PACKAGES, else ~/.nuget/packages): torchsharp/*/runtimes/linux-x64/native/libLibTorchSharp.so.
#   A DIR argument means every libLibTorchSharp.so below DIR (e.g. a publish folder).
#
# Options:
#   --force        patch even if the system libstdc++ already provides GLIBCXX_3.4.32
#   --undo         undo instead: remove the shim and, for a NuGet cache copy, restore the original
#                  libLibTorchSharp.so from the .nupkg next to it (app outputs: rebuild them instead)
#   --check        report only: exit 0 if every library is patched (or no patch is needed), 1 if not
#   --quiet        print only warnings and errors
#   -h, --help     this text
#
# What a patch does to one libLibTorchSharp.so (idempotent; a library already patched is left untouched):
#   1. builds build/native/glibcxx_shim.cpp into libglibcxx_shim.so (g++), which defines
#      std::ios_base_library_init() with version GLIBCXX_3.4.32, and puts it next to the library;
#   2. on a private copy of the library: patchelf --add-needed libglibcxx_shim.so (found through the
#      library's existing RUNPATH entry $ORIGIN/), appends the library's own absolute directory to its
#      RUNPATH (so copies of a patched NuGet-cache library find the cache's shim even where nobody put a
#      shim next to them), and marks the GLIBCXX_3.4.32 entry of .gnu.version_r weak (build/elf_verneed.py);
#   3. renames the copy over the original (atomic: a process that has the old file mapped keeps it),
#      under an flock so concurrent builds do not race.
#
# Needs: bash, python3, patchelf, g++ (build/install-prereqs.sh installs them on Debian/Ubuntu).
# Exit status: 0 success (or nothing to do), 1 --check found an unpatched library, 2 usage, 3 failure.

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SHIM_NAME="libglibcxx_shim.so"
LIB_NAME="libLibTorchSharp.so"
MISSING_VERSION="GLIBCXX_3.4.32"
PY="${PYTHON:-python3}"
VERNEED="$SCRIPT_DIR/elf_verneed.py"

force=0; undo=0; check=0; quiet=0
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --force) force=1 ;;
    --undo) undo=1 ;;
    --check) check=1 ;;
    --quiet) quiet=1 ;;
    -h|--help) sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; targets+=("$@"); break ;;
    -*) echo "patch-torchsharp.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1") ;;
  esac
  shift
done

say()  { [[ $quiet -eq 1 ]] || echo "patch-torchsharp: $*"; }
warn() { echo "patch-torchsharp: warning: $*" >&2; }
die()  { echo "patch-torchsharp: error: $*" >&2; exit 3; }

if [[ "$(uname -s)" != "Linux" ]]; then
  say "not Linux; nothing to do."
  exit 0
fi

# The libstdc++.so.6 the dynamic linker will pick (ldconfig cache first, then usual places).
find_libstdcxx() {
  local p=""
  local ldconfig_bin
  for ldconfig_bin in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
    if command -v "$ldconfig_bin" >/dev/null 2>&1; then
      p="$("$ldconfig_bin" -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')" || true
      [[ -n "$p" ]] && break
    fi
  done
  if [[ -z "$p" ]]; then
    for c in /lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
      [[ -e "$c" ]] && { p="$c"; break; }
    done
  fi
  [[ -n "$p" ]] && readlink -f "$p"
}

# 0 when the system libstdc++ lacks GLIBCXX_3.4.32 (the patch is needed).
patch_needed() {
  [[ $force -eq 1 ]] && return 0
  local s
  s="$(find_libstdcxx)" || true
  if [[ -z "$s" ]]; then
    warn "cannot find the system libstdc++.so.6; assuming no patch is needed."
    return 1
  fi
  if grep -qa "$MISSING_VERSION" "$s"; then
    return 1
  fi
  SYSTEM_LIBSTDCXX="$s"
  return 0
}

collect_libs() {
  local t
  if [[ ${#targets[@]} -eq 0 ]]; then
    local root="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
    root="${root%/}"
    for t in "$root"/torchsharp/*/runtimes/linux-x64/native/"$LIB_NAME"; do
      [[ -f "$t" ]] && echo "$t"
    done
    return 0
  fi
  for t in "${targets[@]}"; do
    if [[ -d "$t" ]]; then
      find "$t" -name "$LIB_NAME" -type f
    elif [[ -f "$t" ]]; then
      echo "$t"
    else
      warn "$t does not exist; skipped."
    fi
  done
}

needs_shim_entry() { ! patchelf --print-needed "$1" | grep -qx "$SHIM_NAME"; }
is_weak()          { "$PY" "$VERNEED" check "$1" "$MISSING_VERSION"; }   # 0 weak, 1 strong, 2 absent

# 0 if LIB is fully patched (weak entry, shim needed, shim file reachable next to it or via RUNPATH).
is_patched() {
  local lib="$1" dir rc=0
  dir="$(dirname "$lib")"
  is_weak "$lib" || rc=$?
  [[ $rc -eq 2 ]] && return 0          # library does not ask for the version at all: nothing to patch
  [[ $rc -ne 0 ]] && return 1
  needs_shim_entry "$lib" && return 1
  [[ -f "$dir/$SHIM_NAME" ]] && return 0
  # Not next to it: a copy of a patched cache library still finds the shim through its absolute RUNPATH.
  local rp entry
  rp="$(patchelf --print-rpath "$lib")"
  IFS=':' read -r -a entries <<< "$rp"
  for entry in "${entries[@]}"; do
    [[ "$entry" == /* && -f "$entry/$SHIM_NAME" ]] && return 0
  done
  return 1
}

SHIM_BUILT=""
SHIM_WORK=""
cleanup() { [[ -z "$SHIM_WORK" ]] || rm -rf "$SHIM_WORK"; }
trap cleanup EXIT
build_shim() {
  [[ -n "$SHIM_BUILT" ]] && return 0
  command -v g++ >/dev/null 2>&1 || die "g++ is not installed (run build/install-prereqs.sh)."
  SHIM_WORK="$(mktemp -d "${TMPDIR:-/tmp}/glibcxx-shim.XXXXXX")"
  g++ -shared -fPIC -O2 -Wl,--version-script="$SCRIPT_DIR/native/glibcxx_shim.map" \
      -Wl,-soname,"$SHIM_NAME" -o "$SHIM_WORK/$SHIM_NAME" "$SCRIPT_DIR/native/glibcxx_shim.cpp" \
    || die "building the shim failed."
  SHIM_BUILT="$SHIM_WORK/$SHIM_NAME"
}

# Copies the freshly built shim next to LIB unless an identical one is already there (atomic rename).
place_shim() {
  local dir="$1"
  build_shim
  if [[ -f "$dir/$SHIM_NAME" ]] && cmp -s "$SHIM_BUILT" "$dir/$SHIM_NAME"; then
    return 0
  fi
  cp "$SHIM_BUILT" "$dir/.$SHIM_NAME.tmp.$$"
  chmod 755 "$dir/.$SHIM_NAME.tmp.$$"
  mv -f "$dir/.$SHIM_NAME.tmp.$$" "$dir/$SHIM_NAME"
  say "placed $dir/$SHIM_NAME"
}

patch_one() {
  local lib="$1" dir tmp rc=0
  dir="$(cd "$(dirname "$lib")" && pwd)"
  lib="$dir/$(basename "$lib")"

  is_weak "$lib" || rc=$?
  if [[ $rc -eq 2 ]]; then say "$lib does not require $MISSING_VERSION; nothing to do."; return 0; fi
  [[ $rc -eq 3 ]] && die "$lib is not a readable ELF shared object."

  # Fast path without the lock: patched already, only make sure the shim sits next to it.
  if [[ $rc -eq 0 ]] && ! needs_shim_entry "$lib"; then
    place_shim "$dir"
    say "$lib is already patched."
    return 0
  fi

  [[ -w "$dir" ]] || die "$dir is not writable; cannot patch $lib."
  command -v patchelf >/dev/null 2>&1 || die "patchelf is not installed (run build/install-prereqs.sh)."
  build_shim

  # Lock the directory itself (no lock file is left in the package folder).
  exec 9<"$dir"
  if command -v flock >/dev/null 2>&1; then flock 9; fi

  # Re-check under the lock: a concurrent build may have finished the job.
  rc=0; is_weak "$lib" || rc=$?
  if [[ $rc -eq 0 ]] && ! needs_shim_entry "$lib"; then
    place_shim "$dir"
    exec 9>&-
    say "$lib is already patched."
    return 0
  fi

  place_shim "$dir"
  tmp="$dir/.$LIB_NAME.tmp.$$"
  cp -p "$lib" "$tmp"
  if needs_shim_entry "$tmp"; then
    patchelf --add-needed "$SHIM_NAME" "$tmp" || { rm -f "$tmp"; die "patchelf --add-needed failed on $lib."; }
    local rp
    rp="$(patchelf --print-rpath "$tmp")"
    case ":$rp:" in
      *":$dir:"*|*":$dir/:"*) ;;
      *) patchelf --set-rpath "${rp:+$rp:}$dir" "$tmp" || { rm -f "$tmp"; die "patchelf --set-rpath failed on $lib."; } ;;
    esac
  fi
  "$PY" "$VERNEED" weaken "$tmp" "$MISSING_VERSION" --file libstdc++.so.6 \
    || { rm -f "$tmp"; die "marking $MISSING_VERSION weak failed on $lib."; }
  # Verify before publishing the copy.
  is_weak "$tmp" && ! needs_shim_entry "$tmp" || { rm -f "$tmp"; die "verification failed on the patched copy of $lib."; }
  mv -f "$tmp" "$lib"
  exec 9>&-
  say "patched $lib"
}

undo_one() {
  local lib="$1" dir pkg ver nupkg
  dir="$(cd "$(dirname "$lib")" && pwd)"
  # A NuGet cache copy: <root>/torchsharp/<ver>/runtimes/linux-x64/native/libLibTorchSharp.so
  pkg="$(cd "$dir/../../.." && pwd)"
  ver="$(basename "$pkg")"
  nupkg="$pkg/torchsharp.$ver.nupkg"
  if [[ -f "$nupkg" ]]; then
    "$PY" - "$nupkg" "$lib" <<'EOF' || die "restoring $lib from $nupkg failed."
import shutil, sys, zipfile, os
nupkg, lib = sys.argv[1], sys.argv[2]
tmp = lib + ".undo.tmp"
with zipfile.ZipFile(nupkg) as z, z.open("runtimes/linux-x64/native/libLibTorchSharp.so") as src, open(tmp, "wb") as dst:
    shutil.copyfileobj(src, dst)
os.chmod(tmp, 0o744)
os.replace(tmp, lib)
EOF
    rm -f "$dir/$SHIM_NAME"
    say "restored $lib from $(basename "$nupkg") and removed the shim."
  else
    rm -f "$dir/$SHIM_NAME"
    warn "$lib is not in a NuGet package folder; removed the shim only. Rebuild or republish the app to get the original library back."
  fi
}

mapfile -t libs < <(collect_libs)
if [[ ${#libs[@]} -eq 0 ]]; then
  say "no $LIB_NAME found; nothing to do."
  exit 0
fi

if [[ $undo -eq 1 ]]; then
  for l in "${libs[@]}"; do undo_one "$l"; done
  exit 0
fi

if ! patch_needed; then
  say "the system libstdc++ provides $MISSING_VERSION; no patch needed."
  exit 0
fi

if [[ $check -eq 1 ]]; then
  status=0
  for l in "${libs[@]}"; do
    if is_patched "$l"; then say "patched:     $l"; else say "not patched: $l"; status=1; fi
  done
  exit $status
fi

say "system libstdc++ ${SYSTEM_LIBSTDCXX:-?} lacks $MISSING_VERSION; patching TorchSharp."
for l in "${libs[@]}"; do patch_one "$l"; done
