#!/usr/bin/env bash
# Fetches Prometheus's promtool (and, with --server, the Prometheus server itself) from Debian's
# archive (package `prometheus`) into a cache outside the source tree, for the tests that check
# our /metrics output with `promtool check metrics` and scrape it with a real Prometheus. Nothing is installed and the system's apt sources are not
# changed: apt-get runs with a private sources list and state directory, like nvml-sdk.sh.
#
# Usage: scripts/promtool.sh [--cache DIR] [--server]
#   --cache DIR   cache directory (default: $SMI4J_PROMTOOL_CACHE, or ~/.cache/smi4j/promtool)
#   --server      print the path of the `prometheus` server binary instead of promtool's
# Output: the path of the binary on stdout (a promtool already on the PATH is used as is); on
#         failure one line "promtool: unavailable: REASON" on stderr and exit 1.
set -euo pipefail

CACHE="${SMI4J_PROMTOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smi4j/promtool}"
want=promtool
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cache) CACHE="$2"; shift 2 ;;
    --server) want=prometheus; shift ;;
    *) echo "promtool: unknown argument $1" >&2; exit 2 ;;
  esac
done
CACHE="${CACHE%/}"
bin="$CACHE/$want"

fail() { echo "promtool: unavailable: $*" >&2; exit 1; }

if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
if [[ $want == promtool ]] && command -v promtool >/dev/null 2>&1; then command -v promtool; exit 0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib/debian-archive.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/debian-archive.sh"
debian_apt_setup "$work" "bookworm main"
debian_fetch "$work" prometheus prom

mkdir -p "$CACHE"
for tool in promtool prometheus; do
  [[ -x "$work/x-prom/usr/bin/$tool" ]] || fail "the prometheus package holds no usr/bin/$tool"
  "$work/x-prom/usr/bin/$tool" --version >/dev/null 2>&1 || fail "the fetched $tool does not run"
  cp "$work/x-prom/usr/bin/$tool" "$CACHE/$tool.tmp" && mv "$CACHE/$tool.tmp" "$CACHE/$tool"
done
echo "promtool: fetched $("$bin" --version 2>&1 | head -n1) into $CACHE" >&2
echo "$bin"
