// The container registry for the API image: Premium so that it geo-replicates into every other
// region and is zone redundant in each, letting each region pull from its local replica when the
// home region or one zone is down.
// No admin user and no anonymous pull: pulls use the container apps' managed identities and
// pushes use the deploy workflow's federated identity.

@description('Short environment name, lowercase letters and digits (part of the globally unique name).')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Home region of the registry.')
param location string

@description('Additional regions that hold a replica of the registry.')
param replicaLocations string[]

@description('Tags applied to every resource.')
param tags object = {}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: take('acr${toLower(environmentName)}${uniqueString(resourceGroup().id, environmentName)}', 50)
  location: location
  tags: tags
  sku: {
    name: 'Premium'
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
    // A pull must not depend on one zone: every revision start and scale-out pulls the image.
    zoneRedundancy: 'Enabled'
  }
}

resource replicas 'Microsoft.ContainerRegistry/registries/replications@2023-07-01' = [for replicaLocation in replicaLocations: {
  parent: registry
  name: replace(replicaLocation, '-', '')
  location: replicaLocation
  tags: tags
  properties: {
    regionEndpointEnabled: true
    zoneRedundancy: 'Enabled'
  }
}]

@description('Name of the registry.')
output name string = registry.name

@description('Login server of the registry, for example acrprodxxxx.azurecr.io.')
output loginServer string = registry.properties.loginServer
