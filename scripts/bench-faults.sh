#!/usr/bin/env bash
# Fault-matrix benchmark (issue 8): the packaged API under steady reads (cache bypassed, so every read goes to
# storage) and event writes while the proxy in front of the primary table endpoint fails in each shape of
# io.shiptrack.localstack.FaultShape for 10 s. Writes one table row per shape into docs/benchmarks.md between the
# fault-matrix markers. Takes about 5 minutes. -Dbench.shapes=SLOW_300_MS,HANG runs only those shapes.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests -Dformat.skip=true -pl shared-model,local-stack,api -am
out=target/bench/fault-matrix.md
mkdir -p target/bench
./mvnw -B -q -pl local-stack exec:java -Dexec.mainClass=io.shiptrack.localstack.bench.FaultBenchmark \
  -Dbench.out="$PWD/$out" "$@"
scripts/put-doc-section.py docs/benchmarks.md fault-matrix "Every failure shape (issue 8)" \
  "Command: \`scripts/bench-faults.sh\` ({date}, 2-core machine, packaged API in JVM mode, Azurite and Redis on \
loopback). Four readers loop over 500 stored shipments with the cache bypassed (\`SHIPTRACK_CACHE_FRESH_FOR=0s\`), so \
every read goes to storage; one carrier posts an event about every 50 ms. After 3 s the proxy in front of the primary \
table endpoint fails in the shape named for 10 s; the figures are for those 10 s. Between shapes the benchmark waits \
until the primary's breakers have closed again." "$out"
echo "figures written to docs/benchmarks.md"
