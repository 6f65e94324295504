#!/usr/bin/env bash
# Jobs benchmark (docs/benchmarks.md, "Jobs"): IMPORT_EVENTS vs a raw Tables SDK loop, RECOMPUTE_MEMBER_STATS and
# its checkpoint share, and the events redone after a crash in mid-import; all on a fresh Azurite.
# Sizes: BENCH_EVENTS (100000), BENCH_SHIPMENTS (1000), BENCH_MEMBER_SHIPMENTS (10000).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -pl worker -am -DskipTests -Dformat.skip=true
./mvnw -B -q -pl worker dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="worker/target/test-classes:worker/target/classes:$(cat worker/target/bench-classpath.txt)"
exec java -Dlocalstack.root="$PWD" -Dbench.events="${BENCH_EVENTS:-100000}" \
  -Dbench.shipments="${BENCH_SHIPMENTS:-1000}" -Dbench.memberShipments="${BENCH_MEMBER_SHIPMENTS:-10000}" \
  -cp "$cp" io.shiptrack.worker.bench.JobsBenchmark
