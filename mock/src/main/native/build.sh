#!/usr/bin/env bash
# Builds the native mock libnvidia-ml.so.1 with gcc against NVIDIA's real nvml.h,
# so the compiler checks every exported function against the header's declaration.
# Usage: build.sh SDK_CACHE OUT_DIR
# Without the SDK header or gcc it says so in one line and builds nothing; the tests
# that need the library report that reason (and fail under CI=true).
set -euo pipefail
sdk="$1"; out="$2"
src="$(cd "$(dirname "$0")" && pwd)"
header="$sdk/include/nvml.h"
if [[ ! -f "$header" ]]; then
  echo "native mock: not built: NVIDIA header missing at $header ($(cat "$sdk.unavailable" 2>/dev/null || echo 'run scripts/nvml-sdk.sh'))"
  exit 0
fi
if ! command -v gcc >/dev/null 2>&1; then
  echo "native mock: not built: gcc not found"
  exit 0
fi
shopt -s nullglob
sources=("$src"/*.c)
if [[ ${#sources[@]} -eq 0 ]]; then
  echo "native mock: no C sources"; exit 0
fi
mkdir -p "$out"
lib="$out/libnvidia-ml.so.1"
newest=$(ls -t "${sources[@]}" "$src"/*.h "$0" "$header" 2>/dev/null | head -n1)
if [[ -f "$lib" && "$lib" -nt "$newest" ]]; then exit 0; fi
gcc -std=c11 -O2 -fPIC -shared -Wall -Wextra -Werror -Wno-unused-parameter \
    -fvisibility=hidden -I"$sdk/include" -I"$src" \
    -Wl,-soname,libnvidia-ml.so.1 -o "$lib.tmp" "${sources[@]}" -lpthread
mv "$lib.tmp" "$lib"
echo "native mock: built $lib"
