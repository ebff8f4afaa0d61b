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

command -v apt-get >/dev/null 2>&1 || fail "apt-get not found (not a Debian system)"
command -v dpkg >/dev/null 2>&1 || fail "dpkg not found (not a Debian system)"

# Reuse the URI and keyring of the system's own Debian entry.
uri=""; keyring=""
if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
  uri=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  keyring=$(awk -v u="$uri" '/^URIs:/{cur=$2} /^Signed-By:/ && cur==u {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
fi
if [[ -z "$uri" && -f /etc/apt/sources.list ]]; then
  uri=$(awk '$1=="deb" && $0 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
fi
[[ -n "$uri" ]] || fail "no Debian archive entry in the system's apt sources"
[[ -n "$keyring" ]] || keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -f "$keyring" ]] || fail "Debian archive keyring $keyring missing"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/deb"
echo "deb [signed-by=$keyring] $uri bookworm main" > "$work/sources.list"
opts=(-o Dir::Etc::sourcelist="$work/sources.list" -o Dir::Etc::sourceparts=-
      -o Dir::State::Lists="$work/lists" -o Dir::Cache::archives="$work/archives"
      -o Debug::NoLocking=1 -o APT::Get::List-Cleanup=0 -q)

apt-get "${opts[@]}" update >"$work/update.log" 2>&1 \
  || fail "apt-get update against $uri failed ($(tail -n1 "$work/update.log"))"
(cd "$work/deb" && apt-get "${opts[@]}" download prometheus >"$work/dl.log" 2>&1) \
  || fail "apt-get download prometheus failed ($(tail -n1 "$work/dl.log"))"
dpkg -x "$work"/deb/prometheus_*.deb "$work/x"
[[ -x "$work/x/usr/bin/promtool" ]] || fail "the prometheus package holds no usr/bin/promtool"
"$work/x/usr/bin/promtool" --version >/dev/null 2>&1 || fail "the fetched promtool does not run"

mkdir -p "$CACHE"
cp "$work/x/usr/bin/promtool" "$bin.tmp" && mv "$bin.tmp" "$bin"
echo "promtool: fetched $("$bin" --version 2>&1 | head -n1) into $CACHE" >&2
echo "$bin"
