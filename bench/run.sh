#!/usr/bin/env bash
# Runs every smi4j benchmark and writes bench/README.md (each figure next to its goal).
#   bench/run.sh           quick settings: about 11 minutes on 2 cores
#   bench/run.sh --full    careful settings: about 80 minutes
#   bench/run.sh --smoke   checks the pipeline in about two minutes (figures meaningless)
#   bench/run.sh --soak    the long soak: 100,000 polls of vgpu-host-large with churn and faults, heap and
#                          threads at the start, middle and end, written into its section of bench/README.md
#                          (--soak N: N polls)
# Builds what it needs: the Maven jars when missing or older than the sources, and the C
# harness (gcc against NVIDIA's nvml.h from scripts/nvml-sdk.sh). JAVA selects the JVM.
# Benchmarks never run as part of the tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
java="${JAVA:-java}"

jar=bench/target/benchmarks.jar
stale=""
for f in "$jar" jmx/target/smi4j-agent.jar mock/target/native/libnvidia-ml.so.1; do
  [[ -f "$f" ]] || stale="$f missing"
done
if [[ -z "$stale" ]]; then
  newer=$(find pom.xml */pom.xml core/src/main mock/src/main jmx/src/main tui/src/main bench/src/main/java \
    -newer "$jar" -type f -print -quit)
  [[ -z "$newer" ]] || stale="$newer changed"
fi
if [[ -n "$stale" ]]; then
  echo "bench: building ($stale): mvn -B -q -DskipTests package"
  mvn -B -q -DskipTests package
fi

if [[ "${1:-}" == "--soak" ]]; then
  exec "$java" -Xmx512m -cp "$jar" io.smi4j.bench.Soak --polls "${2:-100000}" --out bench/README.md
fi

sdk="$(scripts/nvml-sdk.sh)"
mkdir -p bench/target/native
gcc -std=c11 -O2 -fPIC -shared -Wall -Wextra -Werror -Wno-unused-parameter -fvisibility=hidden \
  -I"$sdk/include" -o bench/target/native/libsmi4jbench.so bench/src/main/c/harness.c -ldl

cpu="$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n1)"
exec "$java" -Dsmi4j.root="$root" -cp "$jar" io.smi4j.bench.Report "$@" --out bench/README.md --cpu "${cpu:-unknown}"
