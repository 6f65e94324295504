#!/usr/bin/env bash
# Prints a bearer token for the local system: dev/mint-token.sh --sub demo-member-1 --roles member
set -euo pipefail
cd "$(dirname "$0")/.."
exec java dev/MintToken.java "$@"
