// Shiptrack: both regions and the global pieces, deployed into one resource group.
//
//   az deployment group create -g <rg> -n shiptrack-main -f infra-bicep/main.bicep \
//     -p environmentName=prod apiImageTag=<tag>
//
// Layout: modules/shared-data.bicep (RA-GRS tables, GRS queue), modules/registry.bicep (geo-
// replicated registry), modules/region.bicep once per region (a loop over `regions`), and
// modules/front-door.bicep (priority routing over the regional APIs). Shared types: types/.
// Full compilation, linting and what-if run in .github/workflows/infra.yml.

targetScope = 'resourceGroup'

import { regionStamp } from 'types/shiptrack.bicep'

@description('Short environment name, lowercase letters and digits, for example prod or test. Part of every resource name.')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Primary region: serves all traffic (Front Door priority 1) and is the storage accounts\' primary.')
param primaryLocation string = 'eastus'

@description('Standby region: Front Door priority 2, warm API and worker, its own Redis. Use the storage pair of the primary region (West US pairs with East US) so that the RA-GRS secondary is nearby.')
param secondaryLocation string = 'westus'

@description('Tag of the API image in the registry, set by the deploy workflow. Empty on the very first deployment: the container apps then run a public placeholder image.')
param apiImageTag string = ''

@description('Repository of the API image in the registry.')
@minLength(1)
param apiImageRepository string = 'shiptrack-api'

@description('API replicas kept running in each region. At least 1, so that the standby answers health probes and takes traffic at once.')
@minValue(1)
@maxValue(30)
param apiMinReplicas int = 1

@description('Most API replicas per region under load.')
@minValue(1)
@maxValue(300)
param apiMaxReplicas int = 10

@description('Size of one API replica: small = 0.5 vCPU / 1 GiB, medium = 1 vCPU / 2 GiB, large = 2 vCPU / 4 GiB.')
@allowed([
  'small'
  'medium'
  'large'
])
param apiReplicaSize string = 'small'

@description('Microsoft Entra tenant that issues the bearer tokens the API accepts.')
@minLength(36)
@maxLength(36)
param entraTenantId string = tenant().tenantId

@description('Expected audience (aud) of bearer tokens: the API app registration\'s application ID URI, for example api://shiptrack. Required: the API refuses to start without it.')
@minLength(1)
param jwtAudience string

@description('Azure Cache for Redis tier in each region.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param redisSkuName string = 'Standard'

@description('Azure Cache for Redis size within the tier (C0-C6, or P1-P5 for Premium).')
@minValue(0)
@maxValue(6)
param redisCapacity int = 1

@description('App Service plan SKU of the worker Function App in each region (dedicated Linux plan).')
@allowed([
  'B1'
  'B2'
  'P0v3'
  'P1v3'
  'P2v3'
])
param workerPlanSku string = 'P0v3'

@description('Front Door tier.')
@allowed([
  'Standard_AzureFrontDoor'
  'Premium_AzureFrontDoor'
])
param frontDoorSku string = 'Standard_AzureFrontDoor'

@description('Extra tags applied to every resource.')
param tags object = {}

// The two regions; each gets one instance of modules/region.bicep. Adding a third standby is one
// more entry here (and an origin priority).
var regions = [
  {
    role: 'primary'
    location: primaryLocation
    priority: 1
  }
  {
    role: 'standby'
    location: secondaryLocation
    priority: 2
  }
]

// Region names as the apps and the per-region job queues know them (SHIPTRACK_REGION, jobs-<name>).
var regionNames = [for region in regions: region.role]

var allTags = union(tags, {
  application: 'shiptrack'
  environment: environmentName
})

var replicaSizes = {
  small: {
    cpu: '0.5'
    memory: '1Gi'
  }
  medium: {
    cpu: '1.0'
    memory: '2Gi'
  }
  large: {
    cpu: '2.0'
    memory: '4Gi'
  }
}

var loginEndpoint = environment().authentication.loginEndpoint

var api = {
  imageRepository: apiImageRepository
  imageTag: apiImageTag
  minReplicas: apiMinReplicas
  maxReplicas: apiMaxReplicas
  size: replicaSizes[apiReplicaSize]
  jwtIssuer: '${loginEndpoint}${entraTenantId}/v2.0'
  jwtPublicKeyLocation: '${loginEndpoint}${entraTenantId}/discovery/v2.0/keys'
  jwtAudience: jwtAudience
}

module data 'modules/shared-data.bicep' = {
  name: 'shiptrack-data'
  params: {
    environmentName: environmentName
    location: primaryLocation
    regionNames: regionNames
    tags: allTags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'shiptrack-registry'
  params: {
    environmentName: environmentName
    location: primaryLocation
    replicaLocations: [
      secondaryLocation
    ]
    tags: allTags
  }
}

module frontDoorProfile 'modules/front-door-profile.bicep' = {
  name: 'shiptrack-front-door-profile'
  params: {
    environmentName: environmentName
    sku: frontDoorSku
    tags: allTags
  }
}

module stamps 'modules/region.bicep' = [for region in regions: {
  name: 'shiptrack-region-${region.role}'
  params: {
    region: region
    environmentName: environmentName
    data: {
      tableAccountName: data.outputs.tableAccountName
      queueAccountName: data.outputs.queueAccountName
      queueName: data.outputs.queueName
      regionNames: regionNames
    }
    registryName: registry.outputs.name
    api: api
    frontDoorId: frontDoorProfile.outputs.frontDoorId
    workerPlanSku: workerPlanSku
    redisSkuName: redisSkuName
    redisCapacity: redisCapacity
    tags: allTags
  }
}]

module frontDoor 'modules/front-door.bicep' = {
  name: 'shiptrack-front-door'
  params: {
    environmentName: environmentName
    profileName: frontDoorProfile.outputs.profileName
    origins: [for (region, i) in regions: {
      name: 'api-${region.role}'
      hostName: stamps[i].outputs.stamp.apiFqdn
      priority: region.priority
    }]
    tags: allTags
  }
}

@description('Public host name of the API (the Front Door endpoint).')
output apiHostName string = frontDoor.outputs.endpointHostName

@description('Front Door id; Front Door sends it in X-Azure-FDID to the origins.')
output frontDoorId string = frontDoorProfile.outputs.frontDoorId

@description('Name of the RA-GRS table account.')
output tableAccountName string = data.outputs.tableAccountName

@description('Primary table endpoint (writes and normal reads).')
output tablesPrimaryEndpoint string = 'https://${data.outputs.tableAccountName}.table.${environment().suffixes.storage}'

@description('Read-only secondary table endpoint (reads while the primary region fails).')
output tablesSecondaryEndpoint string = 'https://${data.outputs.tableAccountName}-secondary.table.${environment().suffixes.storage}'

@description('Name of the GRS queue account.')
output queueAccountName string = data.outputs.queueAccountName

@description('Queue service endpoint of the jobs queue.')
output queueEndpoint string = 'https://${data.outputs.queueAccountName}.queue.${environment().suffixes.storage}'

@description('Name of the container registry.')
output registryName string = registry.outputs.name

@description('Login server of the container registry.')
output registryLoginServer string = registry.outputs.loginServer

@description('Repository of the API image in the registry.')
output apiImageRepository string = apiImageRepository

@description('One entry per region: role, location, priority and the names the deploy workflow needs.')
output regions regionStamp[] = [for (region, i) in regions: stamps[i].outputs.stamp]
