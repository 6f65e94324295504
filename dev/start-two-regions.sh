#!/usr/bin/env bash
# Starts two regions on this machine (issue 9): east (primary) and west (standby), each with its own API, Redis and
# worker host; one Azurite shared by both, with a fault proxy in front of its primary table endpoint; and HAProxy
# as the Front Door stand-in (dev/haproxy/front-door.cfg, which also maps each setting to Front Door's).
# Needs JDK 17, Node/npm (Azurite) and apt-get (haproxy, installed on first use). Type commands on stdin to
# inject faults (primary 503|reset|hang|heal, kill east|west, start east|west, status); Ctrl-C or quit stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || { apt-get install -y haproxy >/dev/null 2>&1 \
  || { apt-get update >/dev/null && apt-get install -y haproxy >/dev/null; }; }
./mvnw -B -q install -DskipTests
exec ./mvnw -B -q -pl local-stack exec:java -Dexec.mainClass=io.shiptrack.localstack.TwoRegionSystem
