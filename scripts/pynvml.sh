#!/usr/bin/env bash
# Fetches NVIDIA's Python binding of NVML (Debian trixie contrib: python3-pynvml 12.550.89-3) into a
# cache outside the source tree, for the test in which a second NVML client reads the native mock.
# Nothing is installed and the system's apt sources are not changed (scripts/lib/debian-archive.sh).
#
# Usage: scripts/pynvml.sh [--cache DIR] [--soft]
#   --cache DIR  cache root (default: $SMI4J_PYNVML_CACHE, or ~/.cache/smi4j/pynvml)
#   --soft       on failure exit 0 (the reason goes to DIR.unavailable; the test skips with it)
# Output: on success the directory to put on PYTHONPATH (it holds pynvml.py); on failure one line
#         "pynvml: unavailable: REASON" on stderr, exit 1 (0 with --soft).
set -euo pipefail

CACHE="${SMI4J_PYNVML_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smi4j/pynvml}"
SOFT=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cache) CACHE="$2"; shift 2 ;;
    --soft) SOFT=1; shift ;;
    *) echo "pynvml: unknown argument $1" >&2; exit 2 ;;
  esac
done
PKG="python3-pynvml=12.550.89-3"

fail() {
  echo "pynvml: unavailable: $*" >&2
  mkdir -p "$(dirname "$CACHE")" && echo "$*" > "$CACHE.unavailable" || true
  if [[ $SOFT -eq 1 ]]; then exit 0; else exit 1; fi
}

CACHE="${CACHE%/}"
if [[ -f "$CACHE/pynvml.py" ]]; then
  echo "$CACHE"; exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib/debian-archive.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/debian-archive.sh"
debian_apt_setup "$work" "trixie contrib"
debian_fetch "$work" "$PKG" pynvml

py=$(find "$work/x-pynvml" -name pynvml.py -type f | head -n1)
[[ -n "$py" ]] || fail "no pynvml.py in $PKG"
grep -q "nvmlInitWithFlags" "$py" || fail "the fetched pynvml.py lacks nvmlInitWithFlags"
rm -rf "$CACHE.tmp"; mkdir -p "$CACHE.tmp"
cp "$py" "$CACHE.tmp/pynvml.py"
rm -rf "$CACHE" "$CACHE.unavailable"; mkdir -p "$(dirname "$CACHE")"; mv "$CACHE.tmp" "$CACHE"
echo "pynvml: fetched $PKG into $CACHE" >&2
echo "$CACHE"
