#!/usr/bin/env bash
# Jobs benchmark (docs/benchmarks.md, "Jobs"), on a fresh Azurite and Redis started by the driver:
#  - IMPORT_EVENTS three ways, interleaved round by round on fresh shipments: the job, the baseline (the job as it
#    was before issue 10, one event at a time) and a tuned raw Tables SDK bulk loader; then the same three through a
#    WireMock proxy adding BENCH_LATENCY_MS to every storage call;
#  - the events redone after a crash in mid-import;
#  - POST /api/v1/jobs with 100,000 events to the packaged API over HTTP: time and the API's heap.
# Sizes (per contender per round): BENCH_EVENTS (10000), BENCH_PER_SHIPMENT (20), BENCH_ROUNDS (3), the baseline
# gets BENCH_EVENTS / BENCH_BASELINE_DIVISOR (5), or / 20 with latency (-Dbench.latencyBaselineDivisor); BENCH_CONCURRENCY (16), BENCH_LATENCY_MS (10),
# BENCH_PARTS (import,latency,crash,submit; add stats for RECOMPUTE_MEMBER_STATS). Extra -D options are passed on.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -pl worker,api -am -DskipTests -Dformat.skip=true
./mvnw -B -q -pl worker dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
# This worktree's own modules, not the io.shiptrack jars in ~/.m2 (which other checkouts may install over).
deps=$(tr ':' '\n' < worker/target/bench-classpath.txt | grep -v '/io/shiptrack/' | paste -sd: -)
cp="worker/target/test-classes:worker/target/classes:shared-model/target/classes:table-store/target/classes:local-stack/target/classes:$deps"
exec java -Dlocalstack.root="$PWD" -Dbench.events="${BENCH_EVENTS:-10000}" \
  -Dbench.perShipment="${BENCH_PER_SHIPMENT:-20}" -Dbench.rounds="${BENCH_ROUNDS:-3}" \
  -Dbench.baselineDivisor="${BENCH_BASELINE_DIVISOR:-5}" -Dbench.concurrency="${BENCH_CONCURRENCY:-16}" \
  -Dbench.latencyMs="${BENCH_LATENCY_MS:-10}" -Dbench.parts="${BENCH_PARTS:-import,latency,crash,submit}" \
  "$@" -cp "$cp" io.shiptrack.worker.bench.JobsBenchmark
