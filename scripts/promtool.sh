#!/usr/bin/env bash
# Fetches Prometheus's promtool from Debian's archive (package `prometheus`) into a cache
# outside the source tree, for the tests that check our /metrics output with
# `promtool check metrics`. Nothing is installed and the system's apt sources are not
# changed: apt-get runs with a private sources list and state directory, like nvml-sdk.sh.
#
# Usage: scripts/promtool.sh [--cache DIR]
#   --cache DIR   cache directory (default: $SMI4J_PROMTOOL_CACHE, or ~/.cache/smi4j/promtool)
# Output: the path of the promtool binary on stdout (a promtool already on the PATH is used
#         as is); on failure one line "promtool: unavailable: REASON" on stderr and exit 1.
set -euo pipefail

CACHE="${SMI4J_PROMTOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smi4j/promtool}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cache) CACHE="$2"; shift 2 ;;
    *) echo "promtool: unknown argument $1" >&2; exit 2 ;;
  esac
done
CACHE="${CACHE%/}"
bin="$CACHE/promtool"

fail() { echo "promtool: unavailable: $*" >&2; exit 1; }

if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
if command -v promtool >/dev/null 2>&1; then command -v promtool; exit 0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib/debian-archive.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/debian-archive.sh"
debian_apt_setup "$work" "bookworm main"
debian_fetch "$work" prometheus prom

[[ -x "$work/x-prom/usr/bin/promtool" ]] || fail "the prometheus package holds no usr/bin/promtool"
"$work/x-prom/usr/bin/promtool" --version >/dev/null 2>&1 || fail "the fetched promtool does not run"

mkdir -p "$CACHE"
cp "$work/x-prom/usr/bin/promtool" "$bin.tmp" && mv "$bin.tmp" "$bin"
echo "promtool: fetched $("$bin" --version 2>&1 | head -n1) into $CACHE" >&2
echo "$bin"
