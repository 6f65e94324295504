// The Front Door profile on its own, deployed before the regions: its id (frontDoorId) is what
// every region's API requires in X-Azure-FDID, and the endpoint, origins and route
// (modules/front-door.bicep) need the regions' host names, so the two halves are deployed apart.

@description('Short environment name (part of resource names).')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Front Door tier. Premium adds private-link origins and managed WAF rule sets.')
@allowed([
  'Standard_AzureFrontDoor'
  'Premium_AzureFrontDoor'
])
param sku string

@description('Id of the global Log Analytics workspace (access, health-probe and WAF logs).')
param workspaceId string

@description('Tags applied to every resource.')
param tags object = {}

resource profile 'Microsoft.Cdn/profiles@2024-09-01' = {
  name: 'afd-shiptrack-${toLower(environmentName)}'
  location: 'global'
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    // The API answers within seconds or with a 503 (its breakers and timeouts are shorter).
    originResponseTimeoutSeconds: 30
  }
}

resource profileDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: profile
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Name of the Front Door profile.')
output profileName string = profile.name

@description('Front Door id, sent by Front Door in the X-Azure-FDID header; the API refuses requests without it.')
output frontDoorId string = profile.properties.frontDoorId

@description('Resource id of the Front Door profile (its metric alerts are scoped to it).')
output profileId string = profile.id
