#!/usr/bin/env bash
# Installs the Debian packages the tests use that a fresh machine may lack (tmux: the
# dashboard runs in a real terminal in one test; python3-prometheus-client: its OpenMetrics
# parser, the reference the OpenMetrics exposition is checked against; systemd: its systemd-analyze
# checks deploy/systemd/smi4j-api.service offline, no running systemd needed; about 5 MB of
# packages, well under a minute, and usually present already with a Debian JDK; openssl: makes the
# test certificate of the HTTPS exporter). Everything else the tests need is fetched
# without installing (scripts/nvml-sdk.sh, scripts/promtool.sh). Needs root for apt-get;
# without it, says what is missing in one line (those tests then skip, or fail under CI=true).
set -euo pipefail
missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
/usr/bin/python3 -c 'import prometheus_client.openmetrics.parser' >/dev/null 2>&1 || missing+=(python3-prometheus-client)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: not installed (needs root and apt-get): ${missing[*]}" >&2
  exit 0
fi
echo "test-deps: installing ${missing[*]}" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
