#!/usr/bin/env bash
# The randomized invariant test of issue 12 (worker's jobs.InvariantsTest) at a larger size than ./mvnw -B verify
# runs it: concurrent clients register shipments with changing members, post events (repeats, out-of-order times),
# read, import and purge on a fresh Azurite, then every invariant is checked on the tables. It prints the seed, the
# operations done, the time the clients took, every unexpected exception and every violation, and fails on any (and
# on a run that accepted too few writes to mean anything).
# Sizes: INVARIANTS_OPS (400 operations per client: a fixed count, however long the machine takes), INVARIANTS_SHIPMENTS
# (40), INVARIANTS_CLIENTS (12); INVARIANTS_SEED replays a run's operations. Extra -D options are passed on.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -q -pl worker -am verify -Dtest=InvariantsTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dinvariants.ops="${INVARIANTS_OPS:-400}" -Dinvariants.shipments="${INVARIANTS_SHIPMENTS:-40}" \
  -Dinvariants.clients="${INVARIANTS_CLIENTS:-12}" \
  ${INVARIANTS_SEED:+-Dinvariants.seed="$INVARIANTS_SEED"} "$@"
