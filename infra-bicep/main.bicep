// Shiptrack: both regions and the global pieces, each in its own resource group:
//   rg-shiptrack-<env>-global   Front Door, the registry, the shared table and queue accounts, the
//                               global workspace, the action group and the availability tests
//   rg-shiptrack-<env>-primary  one regional stamp (modules/region.bicep)
//   rg-shiptrack-<env>-standby  the other
// so that one region's resource group can be torn down or redeployed without touching the other
// or the data, and the data carries delete locks.
//
//   az deployment sub create -l <primary> -n shiptrack-main -f infra-bicep/main.bicep \
//     -p environmentName=prod jwtAudience=api://shiptrack alertEmailAddress=oncall@example.com \
//        apiImageDigest=sha256:<digest>
//
// Without apiImageDigest only the global resource group is deployed (the first step of a first
// deployment: the registry must exist before an image can be pushed to it; docs/deploy.md).
// Full compilation, linting and what-if run in .github/workflows/infra.yml.

targetScope = 'subscription'

import { regionStamp } from 'types/shiptrack.bicep'

@description('Short environment name, lowercase letters and digits, for example prod or test. Part of every resource name.')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Primary region: serves all traffic (Front Door priority 1) and is the storage accounts\' primary. It must have availability zones.')
param primaryLocation string = 'eastus2'

@description('Standby region: Front Door priority 2, warm API and worker, its own Redis. Use the storage pair of the primary region (Central US pairs with East US 2), which is where the geo-secondary lives, and a region with availability zones (West US has none).')
param secondaryLocation string = 'centralus'

@description('Digest (sha256:...) of the API image the deploy workflow pushed and attested. Empty: deploy only the global resource group (first deployment, before any image exists).')
param apiImageDigest string = ''

@description('Repository of the API image in the registry.')
@minLength(1)
param apiImageRepository string = 'shiptrack-api'

@description('API replicas kept running in the primary: at least one per availability zone.')
@minValue(3)
@maxValue(30)
param apiPrimaryMinReplicas int = 3

@description('API replicas kept running in the standby: at least two, in two zones, so it takes traffic at once.')
@minValue(2)
@maxValue(30)
param apiStandbyMinReplicas int = 2

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

@description('Azure Cache for Redis Premium size in each region, P1-P5 (Premium: the tier with zone redundancy).')
@minValue(1)
@maxValue(5)
param redisCapacity int = 1

@description('App Service plan SKU of the worker Function App in each region (Premium v3: zone redundant).')
@allowed([
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param workerPlanSku string = 'P0v3'

@description('Worker instances per region: at least 3, one per zone of the zone-redundant plan.')
@minValue(3)
@maxValue(30)
param workerMinInstances int = 3

@description('Most worker instances per region under CPU load.')
@minValue(3)
@maxValue(30)
param workerMaxInstances int = 9

@description('E-mail address every alert notifies (an on-call alias).')
@minLength(3)
param alertEmailAddress string

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
    apiMinReplicas: apiPrimaryMinReplicas
    vnetAddressPrefix: '10.40.0.0/16'
  }
  {
    role: 'standby'
    location: secondaryLocation
    priority: 2
    apiMinReplicas: apiStandbyMinReplicas
    vnetAddressPrefix: '10.41.0.0/16'
  }
]

// The first deployment stops after the global resource group: the regions need an image.
var deployRegions = !empty(apiImageDigest)
var deployedRegions = deployRegions ? regions : []

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
  imageDigest: apiImageDigest
  maxReplicas: apiMaxReplicas
  size: replicaSizes[apiReplicaSize]
  jwtIssuer: '${loginEndpoint}${entraTenantId}/v2.0'
  jwtPublicKeyLocation: '${loginEndpoint}${entraTenantId}/discovery/v2.0/keys'
  jwtAudience: jwtAudience
}

var globalGroupName = 'rg-shiptrack-${toLower(environmentName)}-global'

resource globalGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: globalGroupName
  location: primaryLocation
  tags: allTags
}

resource regionGroups 'Microsoft.Resources/resourceGroups@2024-03-01' = [for region in regions: {
  name: 'rg-shiptrack-${toLower(environmentName)}-${region.role}'
  location: region.location
  tags: allTags
}]

module monitoring 'modules/global-monitoring.bicep' = {
  name: 'shiptrack-monitoring'
  scope: globalGroup
  params: {
    environmentName: environmentName
    location: primaryLocation
    alertEmailAddress: alertEmailAddress
    tags: allTags
  }
}

module data 'modules/shared-data.bicep' = {
  name: 'shiptrack-data'
  scope: globalGroup
  params: {
    environmentName: environmentName
    location: primaryLocation
    regionNames: regionNames
    workspaceId: monitoring.outputs.workspaceId
    actionGroupId: monitoring.outputs.actionGroupId
    tags: allTags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'shiptrack-registry'
  scope: globalGroup
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
  scope: globalGroup
  params: {
    environmentName: environmentName
    sku: frontDoorSku
    workspaceId: monitoring.outputs.workspaceId
    tags: allTags
  }
}

module stamps 'modules/region.bicep' = [for (region, i) in deployedRegions: {
  name: 'shiptrack-region-${region.role}'
  scope: regionGroups[i]
  params: {
    region: {
      role: region.role
      location: region.location
      priority: region.priority
    }
    environmentName: environmentName
    data: {
      tableAccountName: data.outputs.tableAccountName
      queueAccountName: data.outputs.queueAccountName
      queueName: data.outputs.queueName
      regionNames: regionNames
    }
    globalResourceGroupName: globalGroup.name
    registryName: registry.outputs.name
    registryLoginServer: registry.outputs.loginServer
    actionGroupId: monitoring.outputs.actionGroupId
    api: union(api, {
      minReplicas: region.apiMinReplicas
    })
    frontDoorId: frontDoorProfile.outputs.frontDoorId
    workerPlanSku: workerPlanSku
    workerMinInstances: workerMinInstances
    workerMaxInstances: workerMaxInstances
    redisCapacity: redisCapacity
    vnetAddressPrefix: region.vnetAddressPrefix
    tags: allTags
  }
}]

module frontDoor 'modules/front-door.bicep' = if (deployRegions) {
  name: 'shiptrack-front-door'
  scope: globalGroup
  params: {
    environmentName: environmentName
    profileName: frontDoorProfile.outputs.profileName
    origins: [for (region, i) in deployedRegions: {
      name: 'api-${region.role}'
      hostName: stamps[i].outputs.stamp.apiFqdn
      priority: region.priority
    }]
    tags: allTags
  }
}

module availability 'modules/availability.bicep' = if (deployRegions) {
  name: 'shiptrack-availability'
  scope: globalGroup
  params: {
    environmentName: environmentName
    location: primaryLocation
    appInsightsId: monitoring.outputs.appInsightsId
    actionGroupId: monitoring.outputs.actionGroupId
    frontDoorProfileId: frontDoorProfile.outputs.profileId
    frontDoorHost: frontDoor.outputs.endpointHostName
    origins: [for (region, i) in deployedRegions: {
      name: 'api-${region.role}'
      hostName: stamps[i].outputs.stamp.apiFqdn
      priority: region.priority
    }]
    tags: allTags
  }
}

@description('Public host name of the API (the Front Door endpoint).')
output apiHostName string = deployRegions ? frontDoor.outputs.endpointHostName : ''

@description('Front Door id; Front Door sends it in X-Azure-FDID to the origins.')
output frontDoorId string = frontDoorProfile.outputs.frontDoorId

@description('Name of the RA-GZRS table account.')
output tableAccountName string = data.outputs.tableAccountName

@description('Primary table endpoint (writes and normal reads).')
output tablesPrimaryEndpoint string = 'https://${data.outputs.tableAccountName}.table.${environment().suffixes.storage}'

@description('Read-only secondary table endpoint (reads while the primary region fails).')
output tablesSecondaryEndpoint string = 'https://${data.outputs.tableAccountName}-secondary.table.${environment().suffixes.storage}'

@description('Name of the GZRS queue account.')
output queueAccountName string = data.outputs.queueAccountName

@description('Queue service endpoint of the jobs queue.')
output queueEndpoint string = 'https://${data.outputs.queueAccountName}.queue.${environment().suffixes.storage}'

@description('Name of the global resource group (registry, Front Door, shared data).')
output globalResourceGroup string = globalGroup.name

@description('Name of the container registry.')
output registryName string = registry.outputs.name

@description('Login server of the container registry.')
output registryLoginServer string = registry.outputs.loginServer

@description('Repository of the API image in the registry.')
output apiImageRepository string = apiImageRepository

@description('One entry per region: role, location, priority and the names the deploy workflow needs.')
output regions regionStamp[] = [for (region, i) in deployedRegions: stamps[i].outputs.stamp]
