// One regional stamp: Redis, Key Vault, Application Insights, the API as a container app running
// the native image, and the worker Function App (Java 17, Linux). main.bicep instantiates this
// module once per region. Every identity is user-assigned and regional, so a stamp keeps working
// when the other region's control plane is down; data-plane roles are granted on the shared
// storage accounts, and no app setting carries a key.

import { apiSettings, regionSpec, regionStamp, sharedData } from '../types/shiptrack.bicep'

@description('The region this stamp is deployed into, its role and its Front Door priority.')
param region regionSpec

@description('Short environment name, lowercase letters and digits (part of resource names).')
@minLength(2)
@maxLength(8)
param environmentName string

@description('The shared table and queue accounts, deployed by main.bicep into this resource group.')
param data sharedData

@description('Login server of the container registry that holds the API image (global resource group).')
param registryLoginServer string

@description('Name of the global resource group holding the shared data and the registry (role assignments on them go there).')
param globalResourceGroupName string

@description('Name of the container registry, for the AcrPull assignment.')
param registryName string

@description('Id of the action group every alert of this stamp notifies.')
param actionGroupId string

@description('Image, scale and token-validation settings of the API container.')
param api apiSettings

@description('Id of the Front Door profile: the API refuses requests whose X-Azure-FDID is not this.')
param frontDoorId string

@description('App Service plan SKU of the worker Function App: Premium v3, the dedicated tier that supports zone redundancy.')
@allowed([
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param workerPlanSku string

@description('Worker instances kept running: one per zone of a zone-redundant plan, the minimum App Service documents.')
@minValue(3)
@maxValue(30)
param workerMinInstances int

@description('Most worker instances under CPU load (autoscale).')
@minValue(3)
@maxValue(30)
param workerMaxInstances int

@description('Azure Cache for Redis Premium size, P1-P5: Premium is the tier with zone redundancy.')
@minValue(1)
@maxValue(5)
param redisCapacity int

@description('Address space of the region\'s virtual network; the Container Apps environment takes a /23 of it.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Tags applied to every resource.')
param tags object

// ---------------------------------------------------------------------------------------------
// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles)
// ---------------------------------------------------------------------------------------------

// The roles on the shared accounts and the registry are granted by modules/data-access.bicep, in
// the global resource group that holds them.

// Storage Blob Data Owner: the Functions host keeps keys, timer schedules and singleton leases in
// blobs of its AzureWebJobsStorage account (identity-based, so the role replaces the key).
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'

// Key Vault Secrets User: read secret values (the Redis connection secret).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// Monitoring Metrics Publisher: send telemetry to an Application Insights resource whose local
// (instrumentation-key) authentication is disabled.
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

// ---------------------------------------------------------------------------------------------
// Names and derived values
// ---------------------------------------------------------------------------------------------

var location = region.location
var suffix = '${toLower(environmentName)}-${region.role}'
var token = uniqueString(resourceGroup().id, environmentName, region.role)
var storageSuffix = environment().suffixes.storage

// Endpoints written without a trailing slash, the way the applications expect them.
var tablesPrimaryEndpoint = 'https://${data.tableAccountName}.table.${storageSuffix}'
var tablesSecondaryEndpoint = 'https://${data.tableAccountName}-secondary.table.${storageSuffix}'
var queueEndpoint = 'https://${data.queueAccountName}.queue.${storageSuffix}'

// Every revision, the first included, runs the released image by digest from the registry, pulled
// with the app's identity, on the API's port and with its probes: a revision created here is the
// same as one the deploy workflow creates (docs/deploy.md, "First deployment").
var apiImage = '${registryLoginServer}/${api.imageRepository}@${api.imageDigest}'
var apiPort = 8080

// All probes use the public port: health is the only /q/ path the API serves there, and the only port the
// ingress exposes, so Front Door probes the same endpoint (/q/health/ready). Metrics and OpenAPI are on the
// management port 9000, which the ingress does not expose.
var apiProbes = [
  {
    type: 'Startup'
    httpGet: {
      path: '/q/health/started'
      port: apiPort
    }
    // Container Apps accepts failureThreshold 1-10; 10 x 3 s gives the native image (ready in well
    // under a second) and a JVM fallback build 30 s to start.
    periodSeconds: 3
    failureThreshold: 10
  }
  {
    type: 'Liveness'
    httpGet: {
      path: '/q/health/live'
      port: apiPort
    }
    periodSeconds: 10
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: {
      path: '/q/health/ready'
      port: apiPort
    }
    periodSeconds: 5
    failureThreshold: 3
  }
]


// ---------------------------------------------------------------------------------------------
// Shared resources this stamp is granted access to
// ---------------------------------------------------------------------------------------------

// Data-plane roles on the shared accounts and AcrPull on the registry, granted in the global
// resource group (a role assignment lives with the resource it is scoped to).
module dataAccess 'data-access.bicep' = {
  name: 'shiptrack-data-access-${region.role}'
  scope: resourceGroup(globalResourceGroupName)
  params: {
    tableAccountName: data.tableAccountName
    queueAccountName: data.queueAccountName
    registryName: registryName
    apiPrincipalId: apiIdentity.properties.principalId
    workerPrincipalId: workerIdentity.properties.principalId
  }
}

// ---------------------------------------------------------------------------------------------
// Identities
// ---------------------------------------------------------------------------------------------

resource apiIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-api-${suffix}'
  location: location
  tags: tags
}

resource workerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-worker-${suffix}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------
// Monitoring (regional, so that the standby's telemetry keeps flowing while the primary is down)
// ---------------------------------------------------------------------------------------------

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Entra-only ingestion: the connection string's instrumentation key alone cannot send data.
    DisableLocalAuth: true
  }
}

// ---------------------------------------------------------------------------------------------
// Redis and the secret that carries its connection URI
// ---------------------------------------------------------------------------------------------

resource redis 'Microsoft.Cache/redis@2024-11-01' = {
  name: 'redis-${suffix}-${take(token, 6)}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'Premium'
      family: 'P'
      capacity: redisCapacity
    }
    // Spread over the region's zones by the platform, so one zone's loss leaves the cache up.
    zonalAllocationPolicy: 'Automatic'
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    redisVersion: '6'
    redisConfiguration: {
      // A cache, not a store: evict least recently used keys when memory is full.
      'maxmemory-policy': 'allkeys-lru'
    }
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('kv${toLower(environmentName)}${region.role}${token}', 24)
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

// The Redis access key is read with listKeys() during the deployment and written straight into
// Key Vault; it never appears in an output, an app setting or a container app secret value.
// The key is percent-encoded because base64 keys may contain '/', '+' and '='.
resource redisHostsSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'redis-hosts'
  properties: {
    contentType: 'text/plain'
    value: 'rediss://:${uriComponent(redis.listKeys().primaryKey)}@${redis.properties.hostName}:${redis.properties.sslPort}'
  }
}

// ---------------------------------------------------------------------------------------------
// Role assignments (data plane only; principalType avoids replication-delay failures)
// ---------------------------------------------------------------------------------------------

resource workerHostBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, workerIdentity.id, storageBlobDataOwnerRoleId)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwnerRoleId)
    principalId: workerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource apiSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, apiIdentity.id, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: apiIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource workerSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, workerIdentity.id, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: workerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource apiMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, apiIdentity.id, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: apiIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource workerMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, workerIdentity.id, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: workerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------
// API: Container Apps environment and the container app running the native image
// ---------------------------------------------------------------------------------------------

// The VNet a zone-redundant Container Apps environment needs; a workload-profiles environment takes
// a /23 or larger subnet delegated to Microsoft.App/environments.
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-${suffix}'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        vnetAddressPrefix
      ]
    }
    subnets: [
      {
        name: 'container-apps'
        properties: {
          addressPrefix: cidrSubnet(vnetAddressPrefix, 23, 0)
          delegations: [
            {
              name: 'container-apps'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
    ]
  }
}

resource containerEnvironment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${suffix}'
  location: location
  tags: tags
  properties: {
    // Replicas spread over the region's zones; zone redundancy needs the environment in a VNet.
    zoneRedundant: true
    vnetConfiguration: {
      infrastructureSubnetId: vnet.properties.subnets[0].id
      internal: false
    }
    // Logs go through Azure Monitor diagnostic settings (below), so no workspace key is needed.
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

resource containerEnvironmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: containerEnvironment
  properties: {
    workspaceId: workspace.id
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

resource apiApp 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'ca-api-${suffix}'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${apiIdentity.id}': {}
    }
  }
  properties: {
    environmentId: containerEnvironment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: apiPort
        transport: 'auto'
        allowInsecure: false
        traffic: [
          {
            latestRevision: true
            weight: 100
          }
        ]
      }
      registries: [
        {
          server: registryLoginServer
          identity: apiIdentity.id
        }
      ]
      secrets: [
        {
          // Resolved from Key Vault with the app's identity; the value is not stored in the app.
          name: 'redis-hosts'
          keyVaultUrl: redisHostsSecret.properties.secretUri
          identity: apiIdentity.id
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'api'
          image: apiImage
          resources: {
            cpu: json(api.size.cpu)
            memory: api.size.memory
          }
          env: [
            {
              name: 'QUARKUS_PROFILE'
              value: 'prod'
            }
            {
              name: 'SHIPTRACK_STORAGE_ACCOUNT_NAME'
              value: data.tableAccountName
            }
            {
              name: 'SHIPTRACK_TABLES_PRIMARY_ENDPOINT'
              value: tablesPrimaryEndpoint
            }
            {
              name: 'SHIPTRACK_TABLES_SECONDARY_ENDPOINT'
              value: tablesSecondaryEndpoint
            }
            {
              name: 'SHIPTRACK_QUEUE_ENDPOINT'
              value: queueEndpoint
            }
            {
              name: 'SHIPTRACK_QUEUE_NAME'
              value: data.queueName
            }
            {
              // WARM_CACHE without a region warms this region's Redis; SHIPTRACK_REGIONS are the names a
              // request may give (docs/deploy.md, "Jobs in two regions").
              name: 'SHIPTRACK_REGION'
              value: region.role
            }
            {
              name: 'SHIPTRACK_REGIONS'
              value: join(data.regionNames, ',')
            }
            {
              name: 'AZURE_CLIENT_ID'
              value: apiIdentity.properties.clientId
            }
            {
              name: 'QUARKUS_REDIS_HOSTS'
              secretRef: 'redis-hosts'
            }
            {
              name: 'MP_JWT_VERIFY_ISSUER'
              value: api.jwtIssuer
            }
            {
              name: 'MP_JWT_VERIFY_PUBLICKEY_LOCATION'
              value: api.jwtPublicKeyLocation
            }
            {
              // Issuer, key location and audience: the prod profile refuses to start without any of them.
              name: 'MP_JWT_VERIFY_AUDIENCES'
              value: api.jwtAudience
            }
            {
              name: 'SHIPTRACK_FRONT_DOOR_ID'
              value: frontDoorId
            }
            {
              name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
              value: appInsights.properties.ConnectionString
            }
          ]
          probes: apiProbes
        }
      ]
      scale: {
        minReplicas: api.minReplicas
        maxReplicas: api.maxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
  dependsOn: [
    // The first revision pulls the image and reads the secret with the identity: grant first.
    dataAccess
    apiSecretsUser
  ]
}

// ---------------------------------------------------------------------------------------------
// Worker: host storage, plan and the Function App
// ---------------------------------------------------------------------------------------------

// AzureWebJobsStorage for this region's Functions host, reached with the worker identity.
resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('stfn${toLower(environmentName)}${token}', 24)
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    // Host state (leases, timer schedules) survives one zone's loss; it is regional, so no geo copy.
    name: 'Standard_ZRS'
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
  }
}

// A dedicated Linux plan: available in every region (West US included), needs no Azure Files
// content share (which only works with an account key), and Always On keeps the queue listener
// and the timer sweeper running in both regions.
resource workerPlan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'asp-worker-${suffix}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: workerPlanSku
    capacity: workerMinInstances
  }
  properties: {
    reserved: true
    // Instances spread over three zones; App Service wants at least three instances for that.
    zoneRedundant: true
  }
}

// Scale out on CPU, never below one instance per zone. A queue backlog shows as CPU on the busy
// instances; the job-age alert (modules/shared-data.bicep) catches a backlog that CPU does not.
resource workerAutoscale 'Microsoft.Insights/autoscalesettings@2022-10-01' = {
  name: 'autoscale-${workerPlan.name}'
  location: location
  tags: tags
  properties: {
    enabled: true
    targetResourceUri: workerPlan.id
    profiles: [
      {
        name: 'cpu'
        capacity: {
          minimum: string(workerMinInstances)
          maximum: string(workerMaxInstances)
          default: string(workerMinInstances)
        }
        rules: [
          {
            metricTrigger: {
              metricName: 'CpuPercentage'
              metricResourceUri: workerPlan.id
              timeGrain: 'PT1M'
              statistic: 'Average'
              timeWindow: 'PT5M'
              timeAggregation: 'Average'
              operator: 'GreaterThan'
              threshold: 70
            }
            scaleAction: {
              direction: 'Increase'
              type: 'ChangeCount'
              value: '3'
              cooldown: 'PT5M'
            }
          }
          {
            metricTrigger: {
              metricName: 'CpuPercentage'
              metricResourceUri: workerPlan.id
              timeGrain: 'PT1M'
              statistic: 'Average'
              timeWindow: 'PT15M'
              timeAggregation: 'Average'
              operator: 'LessThan'
              threshold: 30
            }
            scaleAction: {
              direction: 'Decrease'
              type: 'ChangeCount'
              value: '1'
              cooldown: 'PT15M'
            }
          }
        ]
      }
    ]
  }
}

resource workerApp 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${suffix}-${take(token, 6)}'
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${workerIdentity.id}': {}
    }
  }
  properties: {
    serverFarmId: workerPlan.id
    httpsOnly: true
    // Key Vault references in app settings resolve with this identity.
    keyVaultReferenceIdentity: workerIdentity.id
    siteConfig: {
      linuxFxVersion: 'Java|17'
      alwaysOn: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        {
          name: 'FUNCTIONS_EXTENSION_VERSION'
          value: '~4'
        }
        {
          name: 'FUNCTIONS_WORKER_RUNTIME'
          value: 'java'
        }
        // Host storage through the managed identity (no AzureWebJobsStorage connection string).
        {
          name: 'AzureWebJobsStorage__accountName'
          value: hostStorage.name
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: workerIdentity.properties.clientId
        }
        // The queue trigger's connection = "JobsQueue", resolved through the managed identity.
        {
          name: 'JobsQueue__queueServiceUri'
          value: queueEndpoint
        }
        {
          name: 'JobsQueue__credential'
          value: 'managedidentity'
        }
        {
          name: 'JobsQueue__clientId'
          value: workerIdentity.properties.clientId
        }
        {
          name: 'SHIPTRACK_STORAGE_ACCOUNT_NAME'
          value: data.tableAccountName
        }
        {
          name: 'SHIPTRACK_TABLES_PRIMARY_ENDPOINT'
          value: tablesPrimaryEndpoint
        }
        {
          name: 'SHIPTRACK_TABLES_SECONDARY_ENDPOINT'
          value: tablesSecondaryEndpoint
        }
        {
          name: 'SHIPTRACK_QUEUE_ENDPOINT'
          value: queueEndpoint
        }
        {
          name: 'SHIPTRACK_QUEUE_NAME'
          value: data.queueName
        }
        // The worker also consumes <queue>-<region> (RunRegionJob): this region's region-bound jobs only.
        {
          name: 'SHIPTRACK_REGION'
          value: region.role
        }
        // The sweeper's NCRONTAB schedule (%SHIPTRACK_SWEEP_SCHEDULE% in the timer trigger): every minute.
        {
          name: 'SHIPTRACK_SWEEP_SCHEDULE'
          value: '0 */1 * * * *'
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: workerIdentity.properties.clientId
        }
        {
          // Key Vault reference: the platform resolves it; the app setting holds only the URI.
          name: 'SHIPTRACK_REDIS_HOSTS'
          value: '@Microsoft.KeyVault(SecretUri=${redisHostsSecret.properties.secretUri})'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          // Entra authentication for telemetry, since the component disables local auth.
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${workerIdentity.properties.clientId};Authorization=AAD'
        }
      ]
    }
  }
  dependsOn: [
    workerHostBlobOwner
    workerSecretsUser
    dataAccess
  ]
}

// Deployments authenticate with Entra ID (azure/login OIDC); basic publishing credentials are off.
resource workerScmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: workerApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource workerFtpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: workerApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

// ---------------------------------------------------------------------------------------------
// Diagnostics: every resource of the stamp logs to the region's own workspace, so a region's
// telemetry does not depend on the other region
// ---------------------------------------------------------------------------------------------

var allLogsAndMetrics = {
  workspaceId: workspace.id
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

resource redisDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: redis
  properties: allLogsAndMetrics
}

resource keyVaultDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: keyVault
  properties: allLogsAndMetrics
}

resource workerDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: workerApp
  properties: allLogsAndMetrics
}

resource hostBlobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: hostStorage
  name: 'default'
}

// Account-level settings carry metrics only; the logs are per service.
resource hostStorageDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: hostStorage
  properties: {
    workspaceId: workspace.id
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource hostBlobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: hostBlobService
  properties: allLogsAndMetrics
}

// ---------------------------------------------------------------------------------------------
// Alerts of the stamp
// ---------------------------------------------------------------------------------------------

// The worker's Functions host logs a poison message and a job it gives up on; either means a job
// will not finish by itself (worker/README.md, "Resiliency").
resource workerGivesUpAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'alert-poison-jobs-${suffix}'
  location: location
  tags: tags
  properties: {
    displayName: 'Shiptrack ${region.role}: job moved to the poison queue or FAILED'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'traces | where message has "poison message" or message has " FAILED: "'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroupId
      ]
    }
  }
}

resource redisServerLoadAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-redis-load-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Redis server load above 80 % for 15 minutes: reads fall back to storage soon.'
    severity: 3
    enabled: true
    scopes: [
      redis.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'serverLoad'
          criterionType: 'StaticThresholdCriterion'
          metricName: 'serverLoad'
          operator: 'GreaterThan'
          threshold: 80
          timeAggregation: 'Average'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroupId
      }
    ]
  }
}

@description('Names, endpoints and identities of this stamp.')
output stamp regionStamp = {
  role: region.role
  location: location
  priority: region.priority
  resourceGroup: resourceGroup().name
  containerAppName: apiApp.name
  apiFqdn: apiApp.properties.configuration.ingress.fqdn
  functionAppName: workerApp.name
  redisName: redis.name
  keyVaultName: keyVault.name
  apiIdentityClientId: apiIdentity.properties.clientId
  workerIdentityClientId: workerIdentity.properties.clientId
}
