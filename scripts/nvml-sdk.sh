#!/usr/bin/env bash
# Fetches NVIDIA's nvml.h (libnvidia-ml-dev 12.4.127) and two real libnvidia-ml.so.1
# builds (R535, R550) from Debian's archive into a cache outside the source tree; and, optionally,
# R555 (experimental non-free): when that one cannot be fetched, DIR.r555.unavailable says why,
# nothing else fails, and it is not tried again until that file is removed.
# Nothing is installed and the system's apt sources are not changed: apt-get runs
# with a private sources list and a private state directory.
#
# Usage: scripts/nvml-sdk.sh [--cache DIR] [--soft] [--print-properties]
#   --cache DIR         cache root (default: $SMI4J_SDK_CACHE, or ~/.cache/smi4j/nvml-sdk)
#   --soft              on failure exit 0 (the build goes on; tests that need the SDK
#                       report the reason, written to DIR.unavailable, as a skip)
#   --print-properties  print the paths as key=value lines
# Output: on success the cache root (or the properties) on stdout; on failure one line
#         "nvml-sdk: unavailable: REASON" on stderr, exit 1 (0 with --soft).
set -euo pipefail

CACHE="${SMI4J_SDK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smi4j/nvml-sdk}"
SOFT=0; MODE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cache) CACHE="$2"; shift 2 ;;
    --soft) SOFT=1; shift ;;
    --print-properties) MODE="--print-properties"; shift ;;
    *) echo "nvml-sdk: unknown argument $1" >&2; exit 2 ;;
  esac
done
DEV_PKG="libnvidia-ml-dev=12.4.127~12.4.1-2"
R535_PKG="libnvidia-ml1=535.261.03-1"
R550_PKG="libnvidia-ml1=550.163.01-2"
R555_PKG="libnvidia-ml1=555.58.02-4"

fail() {
  echo "nvml-sdk: unavailable: $*" >&2
  mkdir -p "$(dirname "$CACHE")" && echo "$*" > "$CACHE.unavailable" || true
  if [[ $SOFT -eq 1 ]]; then exit 0; else exit 1; fi
}

CACHE="${CACHE%/}"
header="$CACHE/include/nvml.h"
lib535="$CACHE/r535/libnvidia-ml.so.1"
lib550="$CACHE/r550/libnvidia-ml.so.1"
lib555="$CACHE/r555/libnvidia-ml.so.1"

print() {
  if [[ $SOFT -eq 1 && -z "$1" ]]; then return; fi  # under Maven: nothing to say when all is there
  if [[ "$1" == "--print-properties" ]]; then
    echo "smi4j.nvml.header=$header"
    echo "smi4j.nvml.include=$CACHE/include"
    echo "smi4j.nvml.lib.r535=$lib535"
    echo "smi4j.nvml.lib.r550=$lib550"
    echo "smi4j.nvml.lib.r555=$lib555"
  else
    echo "$CACHE"
  fi
}

# R555, optional: in a subshell whose fail() only leaves the reason behind.
fetch_r555() {
  [[ -f "$lib555" || -f "$CACHE.r555.unavailable" ]] && return 0
  [[ -d "$CACHE" ]] || return 0
  (
    fail() { echo "$*" > "$CACHE.r555.unavailable"; echo "nvml-sdk: R555 unavailable: $*" >&2; exit 1; }
    w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
    # shellcheck source=lib/debian-archive.sh
    source "$(dirname "${BASH_SOURCE[0]}")/lib/debian-archive.sh"
    debian_apt_setup "$w" "experimental non-free"
    debian_fetch "$w" "$R555_PKG" r555
    so=$(find "$w/x-r555" -name 'libnvidia-ml.so.*.*' -type f | head -n1)
    [[ -n "$so" ]] || fail "no libnvidia-ml.so in $R555_PKG"
    mkdir -p "$CACHE/r555.tmp" && cp "$so" "$CACHE/r555.tmp/libnvidia-ml.so.1" \
      && basename "$so" > "$CACHE/r555.tmp/SONAME_SOURCE" && mv "$CACHE/r555.tmp" "$CACHE/r555"
    echo "nvml-sdk: fetched libnvidia-ml R555 into $CACHE/r555" >&2
  ) || true
}

if [[ -f "$header" && -f "$lib535" && -f "$lib550" ]]; then
  fetch_r555
  print "$MODE"; exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib/debian-archive.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/debian-archive.sh"
debian_apt_setup "$work" "trixie non-free" "bookworm non-free"
debian_fetch "$work" "$DEV_PKG" dev
debian_fetch "$work" "$R535_PKG" r535
debian_fetch "$work" "$R550_PKG" r550

rm -rf "$CACHE.tmp"; mkdir -p "$CACHE.tmp/include" "$CACHE.tmp/r535" "$CACHE.tmp/r550"
cp "$work/x-dev/usr/include/nvml.h" "$CACHE.tmp/include/nvml.h"
for r in r535 r550; do
  so=$(find "$work/x-$r" -name 'libnvidia-ml.so.*.*' -type f | head -n1)
  [[ -n "$so" ]] || fail "no libnvidia-ml.so in the $r package"
  cp "$so" "$CACHE.tmp/$r/libnvidia-ml.so.1"
  basename "$so" > "$CACHE.tmp/$r/SONAME_SOURCE"
done
grep -q nvmlDeviceGetVgpuSchedulerLog "$CACHE.tmp/include/nvml.h" \
  || fail "fetched nvml.h lacks the vGPU scheduler API"
rm -rf "$CACHE" "$CACHE.unavailable"; mkdir -p "$(dirname "$CACHE")"; mv "$CACHE.tmp" "$CACHE"
echo "nvml-sdk: fetched nvml.h 12.4.127, libnvidia-ml R535 and R550 into $CACHE" >&2
fetch_r555
print "$MODE"
