#!/usr/bin/env bash
# Read-path benchmark (issue 2): cached reads vs a bare endpoint (wrk), cache misses vs a raw SDK loop, and a
# 30-second primary outage under steady reads. Runs the packaged API in JVM mode on this machine and writes the
# figures into docs/benchmarks.md between the read-path markers. Takes about 4 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
./mvnw -B -q install -DskipTests -pl shared-model,local-stack,api -am
out=target/bench/read-path.md
mkdir -p target/bench
./mvnw -B -q -pl local-stack exec:java -Dexec.mainClass=io.shiptrack.localstack.bench.ReadBenchmark \
  -Dbench.out="$PWD/$out" "$@"
doc=docs/benchmarks.md
scripts/put-doc-section.py "$doc" read-path "Read path (issue 2)" \
  "Command: \`scripts/bench-reads.sh\` ({date}, 2-core machine, JVM mode, Azurite and Redis on loopback)." "$out"
echo "figures written to $doc"
