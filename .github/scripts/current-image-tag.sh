#!/usr/bin/env bash
# Prints tag=<tag> to $GITHUB_OUTPUT: the API image tag the primary container app runs now, read
# through the outputs of the last main.bicep deployment. Prints tag= (empty) before the first
# release or the first deployment, which makes main.bicep use its placeholder image.
#
# Needs: an Azure CLI login, RESOURCE_GROUP, DEPLOYMENT_NAME (default shiptrack-main).
set -euo pipefail

deployment="${DEPLOYMENT_NAME:-shiptrack-main}"
az config set extension.use_dynamic_install=yes_without_prompt --only-show-errors >/dev/null
tag=""

if outputs=$(az deployment group show --resource-group "$RESOURCE_GROUP" --name "$deployment" \
  --query 'properties.outputs' --output json 2>/dev/null) && [[ -n "$outputs" && "$outputs" != "null" ]]; then
  app=$(jq -r '.regions.value[] | select(.role == "primary") | .containerAppName' <<<"$outputs")
  prefix="$(jq -r '.registryLoginServer.value' <<<"$outputs")/$(jq -r '.apiImageRepository.value' <<<"$outputs"):"
  if [[ -n "$app" ]]; then
    image=$(az containerapp show --resource-group "$RESOURCE_GROUP" --name "$app" \
      --query 'properties.template.containers[0].image' --output tsv 2>/dev/null || true)
    if [[ "$image" == "$prefix"* ]]; then
      tag="${image#"$prefix"}"
    fi
  fi
fi

echo "Current API image tag: ${tag:-<none, placeholder image>}"
echo "tag=$tag" >> "${GITHUB_OUTPUT:-/dev/stdout}"
