#!/usr/bin/env bash
# Starts the worker in the LOCAL FUNCTIONS HOST EMULATOR (io.shiptrack.functionshost.LocalFunctionsHost, module
# functions-host, not part of the function app package): it runs the
# queue and timer triggers of the worker's functions against Azurite, with the queue settings of host.json.
# It builds nothing: run `./mvnw -B package -pl worker -am -DskipTests` first (that writes the target/classpath.txt of
# both modules).
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
host="$here/../functions-host/target"
if [[ ! -d "$classes" || ! -f "$classpath_file" || ! -d "$host/classes" || ! -f "$host/classpath.txt" ]]; then
  echo "worker is not built: run ./mvnw -B package -pl worker -am -DskipTests first" >&2
  exit 1
fi
export SHIPTRACK_QUEUE_NAME="${SHIPTRACK_QUEUE_NAME:-jobs}"
export SHIPTRACK_REGION="${SHIPTRACK_REGION:-local}"
export SHIPTRACK_SWEEP_SCHEDULE="${SHIPTRACK_SWEEP_SCHEDULE:-*/30 * * * * *}"
if [[ -z "${JobsQueue:-}" && -n "${SHIPTRACK_STORAGE_CONNECTION_STRING:-}" ]]; then
  export JobsQueue="$SHIPTRACK_STORAGE_CONNECTION_STRING"
fi
exec java ${SHIPTRACK_WORKER_JAVA_OPTS:-} \
  -cp "$classes:$(cat "$classpath_file"):$host/classes:$(cat "$host/classpath.txt")" \
  io.shiptrack.functionshost.LocalFunctionsHost "$here/host.json" io.shiptrack.worker.functions.JobFunctions
