#!/usr/bin/env bash
# Starts the worker's LOCAL FUNCTIONS HOST EMULATOR (io.shiptrack.worker.host.LocalFunctionsHost): it runs the
# queue and timer triggers of the worker's functions against Azurite, with the queue settings of host.json.
# It builds nothing: run `./mvnw -B package -pl worker -am -DskipTests` first (that writes target/classpath.txt).
#
# App settings (environment):
#   SHIPTRACK_STORAGE_CONNECTION_STRING  Azurite connection string (tables)
#   JobsQueue                            the trigger's connection (locally the same connection string)
#   SHIPTRACK_QUEUE_NAME                 default jobs
#   SHIPTRACK_SWEEP_SCHEDULE             NCRONTAB, default every 30 seconds
#   SHIPTRACK_REDIS_HOSTS                redis://127.0.0.1:<port>, for WARM_CACHE and cache refreshes
#   SHIPTRACK_REGION                     this worker's region, default local: it also consumes <queue>-<region>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
classes="$here/target/classes"
classpath_file="$here/target/classpath.txt"
if [[ ! -d "$classes" || ! -f "$classpath_file" ]]; then
  echo "worker is not built: run ./mvnw -B package -pl worker -am -DskipTests first" >&2
  exit 1
fi
export SHIPTRACK_QUEUE_NAME="${SHIPTRACK_QUEUE_NAME:-jobs}"
export SHIPTRACK_REGION="${SHIPTRACK_REGION:-local}"
export SHIPTRACK_SWEEP_SCHEDULE="${SHIPTRACK_SWEEP_SCHEDULE:-*/30 * * * * *}"
if [[ -z "${JobsQueue:-}" && -n "${SHIPTRACK_STORAGE_CONNECTION_STRING:-}" ]]; then
  export JobsQueue="$SHIPTRACK_STORAGE_CONNECTION_STRING"
fi
exec java ${SHIPTRACK_WORKER_JAVA_OPTS:-} -cp "$classes:$(cat "$classpath_file")" \
  io.shiptrack.worker.host.LocalFunctionsHost "$here/host.json"
