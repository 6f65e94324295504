#!/usr/bin/env bash
# The regional failover drill (issue 9) on the two-region local system (TwoRegionSystem: east and west, each with
# its own API, Redis and worker host; one Azurite; HAProxy as the Front Door stand-in). Under a bounded loop of mixed
# traffic it takes the primary table endpoint down, kills region east, warms west's cache, loses east and the
# primary storage together, and brings east back; then checks every 2xx write and every accepted job against the
# storage and the worker logs. Exits non-zero when a check fails.
#
#   scripts/drill-failover.sh            full drill (about 4 minutes of load), figures and chart into docs/
#   scripts/drill-failover.sh --short    the CI form (about 2 minutes of load), output under target/drill/ only
#   ... --lag 30s                        how far the secondary (LaggingSecondary) is behind: 10s by default; 0s;
#                                        "same" for Azurite's own -secondary account (the primary's storage)
#   ... -Ddrill.retry=false              HAProxy without the connection-level retry (as Front Door: probes only)
#   ... -Ddrill.monotonic=warn           report answers that went back in time without failing the drill
set -euo pipefail
cd "$(dirname "$0")/.."
mode=full
lag=10s
while [[ $# -gt 0 ]]; do
  case "$1" in
    --short) mode=short; shift ;;
    --lag) lag="${2:?--lag needs a value, e.g. 10s, 0s or same}"; shift 2 ;;
    *) break ;;
  esac
done
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || { apt-get install -y haproxy >/dev/null 2>&1 \
  || { apt-get update >/dev/null && apt-get install -y haproxy >/dev/null; }; }
if [[ "${DRILL_SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q install -DskipTests -Dformat.skip=true
fi
mkdir -p target/drill
out=target/drill/failover-$mode.md
chart=target/drill/failover-drill-$mode.png
rc=0
./mvnw -B -q -pl local-stack exec:java -Dexec.mainClass=io.shiptrack.localstack.bench.FailoverDrill \
  -Ddrill.mode="$mode" -Ddrill.lag="$lag" -Ddrill.out="$PWD/$out" -Ddrill.chart="$PWD/$chart" "$@" || rc=$?
# A full run's figures go into the docs whether or not its checks passed (the table says which failed).
if [[ "$mode" == full && -f "$out" ]]; then
  cp "$chart" docs/failover-drill.png
  doc=docs/benchmarks.md
  printf '![Timeline of the drill](failover-drill.png)\n\n' | cat - "$out" > "$out.doc"
  scripts/put-doc-section.py "$doc" failover-drill "Regional failover drill (issue 9)" \
    "Command: \`scripts/drill-failover.sh\` ({date}, 2-core machine shared with other builds, JVM mode, two regions on loopback)." \
    "$out.doc"
  echo "figures written to $doc, chart to docs/failover-drill.png"
fi
exit "$rc"
