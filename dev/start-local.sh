#!/usr/bin/env bash
# Starts the whole local system: Azurite, Redis, the API with demo shipments, and the worker's local host.
# Needs only JDK 17, Node/npm (for Azurite) and this repository. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests
exec ./mvnw -B -q -pl local-stack exec:java -Dexec.mainClass=io.shiptrack.localstack.LocalSystem
