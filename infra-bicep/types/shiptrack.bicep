// Types shared by main.bicep and the modules. Import what you need, for example:
//   import { regionSpec, regionStamp } from 'types/shiptrack.bicep'

@export()
@description('Role of a regional stamp. The primary takes traffic; the standby takes over when the primary is unhealthy.')
type regionRole = 'primary' | 'standby'

@export()
@description('One region that receives a stamp of the regional module.')
type regionSpec = {
  @description('Role of the region; also part of every regional resource name.')
  role: regionRole

  @description('Azure region name, for example eastus.')
  location: string

  @description('Front Door origin priority: 1 takes all traffic, 2 only while every priority-1 origin is unhealthy.')
  @minValue(1)
  @maxValue(5)
  priority: int
}

@export()
@description('The data plane shared by both regions: one RA-GZRS table account and one GZRS queue account in the global resource group.')
type sharedData = {
  @description('Name of the RA-GZRS storage account holding the tables.')
  tableAccountName: string

  @description('Name of the GZRS storage account holding the jobs queue.')
  queueAccountName: string

  @description('Name of the shared jobs queue (region-free jobs; both regions\' workers consume it).')
  queueName: string

  @description('Every region\'s name (its role); region-bound jobs of region r go to the queue <queueName>-<r>, which only r\'s worker consumes.')
  regionNames: string[]
}

@export()
@description('CPU and memory of one API replica. Container Apps accepts fixed pairs only.')
type apiSize = {
  @description('vCPU per replica, as a decimal string (Container Apps wants a number such as 0.5).')
  cpu: string

  @description('Memory per replica, for example 1Gi. Must match the CPU (2 GiB per vCPU).')
  memory: string
}

@export()
@description('What the API container needs to know.')
type apiSettings = {
  @description('Repository of the API image in the registry, for example shiptrack-api.')
  imageRepository: string

  @description('Digest of the API image to run (sha256:...), as the deploy workflow pushed, tested and attested it.')
  imageDigest: string

  @description('Replica count that is always kept running: one per zone in the primary, two in the standby.')
  @minValue(2)
  minReplicas: int

  @description('Upper bound for HTTP-driven scale out.')
  @minValue(1)
  maxReplicas: int

  @description('CPU and memory of one replica.')
  size: apiSize

  @description('Expected issuer (iss) of the bearer tokens, an Entra ID v2.0 issuer URL.')
  jwtIssuer: string

  @description('URL of the issuer\'s JSON Web Key Set (the Entra ID discovery keys endpoint).')
  jwtPublicKeyLocation: string

  @description('Expected audience (aud) of the bearer tokens; required.')
  jwtAudience: string
}

@export()
@description('An origin of the Front Door origin group.')
type frontDoorOrigin = {
  @description('Origin name, unique within the origin group.')
  name: string

  @description('Public host name of the origin, used as the host header too.')
  hostName: string

  @description('Priority: the lowest healthy priority receives the traffic.')
  @minValue(1)
  @maxValue(5)
  priority: int
}

@export()
@description('What one regional stamp hands back to main.bicep and to the deploy workflow.')
type regionStamp = {
  @description('Role of the region.')
  role: regionRole

  @description('Azure region name.')
  location: string

  @description('Front Door priority of this region\'s API.')
  priority: int

  @description('Resource group of the stamp (rg-shiptrack-<env>-<role>).')
  resourceGroup: string

  @description('Name of the API container app.')
  containerAppName: string

  @description('Public FQDN of the API container app (the Front Door origin).')
  apiFqdn: string

  @description('Name of the worker Function App.')
  functionAppName: string

  @description('Name of the region\'s Azure Cache for Redis.')
  redisName: string

  @description('Name of the region\'s Key Vault holding the Redis connection secret.')
  keyVaultName: string

  @description('Client id of the API\'s user-assigned managed identity.')
  apiIdentityClientId: string

  @description('Client id of the worker\'s user-assigned managed identity.')
  workerIdentityClientId: string
}
