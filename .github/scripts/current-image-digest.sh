#!/usr/bin/env bash
# Prints digest=<sha256:...> to $GITHUB_OUTPUT: the digest of the API image the primary container
# app runs now, read through the outputs of the last main.bicep deployment (subscription scope).
# Prints digest= (empty) before the first release, which makes main.bicep deploy only the global
# resource group. IMAGE_DIGEST, when set (infra.yml's dispatch input), wins: the first deployment
# of the regions passes the digest deploy.yml pushed.
#
# Needs: an Azure CLI login, DEPLOYMENT_NAME (default shiptrack-main).
set -euo pipefail

deployment="${DEPLOYMENT_NAME:-shiptrack-main}"
az config set extension.use_dynamic_install=yes_without_prompt --only-show-errors >/dev/null
digest="${IMAGE_DIGEST:-}"

if [[ -z "$digest" ]] && outputs=$(az deployment sub show --name "$deployment" \
  --query 'properties.outputs' --output json 2>/dev/null) && [[ -n "$outputs" && "$outputs" != "null" ]]; then
  read -r group app < <(jq -r '.regions.value[] | select(.role == "primary") | "\(.resourceGroup) \(.containerAppName)"' <<<"$outputs") || true
  prefix="$(jq -r '.registryLoginServer.value' <<<"$outputs")/$(jq -r '.apiImageRepository.value' <<<"$outputs")@"
  if [[ -n "${app:-}" ]]; then
    image=$(az containerapp show --resource-group "$group" --name "$app" \
      --query 'properties.template.containers[0].image' --output tsv 2>/dev/null || true)
    if [[ "$image" == "$prefix"* ]]; then
      digest="${image#"$prefix"}"
    fi
  fi
fi

if [[ -n "$digest" && ! "$digest" =~ ^sha256:[0-9a-f]{64}$ ]]; then
  echo "::error::not an image digest: $digest"
  exit 1
fi
echo "Current API image digest: ${digest:-<none: global resource group only>}"
echo "digest=$digest" >> "${GITHUB_OUTPUT:-/dev/stdout}"
