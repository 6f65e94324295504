// The data plane both regions share: the RA-GZRS table account (reads fall back to its secondary
// endpoint) and the GZRS queue account (read and written, so no read-access secondary). Both are
// zone redundant in the primary region and geo-replicated to its pair, carry a delete lock, log to
// the global workspace, and alert on replication lag, poison messages and job age.
// Both accounts refuse shared keys: every client authenticates with Entra ID.

@description('Short environment name, lowercase letters and digits (part of globally unique names).')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Region of the storage accounts\' primary; the paired region holds the geo-replica.')
param location string

@description('Tables created up front, so that applications need no table-create rights at start.')
param tableNames string[] = [
  'Shipments'
  'MemberShipments'
  'MemberStats'
  'Jobs'
]

@description('Name of the jobs queue.')
param queueName string = 'jobs'

@description('Name of the poison queue (the Functions host moves a message there after maxDequeueCount failures).')
param poisonQueueName string = '${queueName}-poison'

@description('Region names (their roles). Each gets its own queue <queueName>-<region> for region-bound jobs (WARM_CACHE), consumed only by that region\'s worker, and its poison queue.')
param regionNames string[]

@description('Id of the global Log Analytics workspace.')
param workspaceId string

@description('Id of the action group the data alerts notify.')
param actionGroupId string

@description('Alert when the table account\'s Last Sync Time is older than this many minutes (the data a failover would lose).')
@minValue(5)
param maxReplicationLagMinutes int = 15

@description('Alert when the oldest message of the jobs queue is older than this many minutes.')
@minValue(5)
param maxJobAgeMinutes int = 30

@description('Tags applied to every resource.')
param tags object = {}

var token = uniqueString(resourceGroup().id, environmentName)

// Settings both accounts share: TLS 1.2, HTTPS only, no anonymous blob access, no shared keys.
var hardenedProperties = {
  minimumTlsVersion: 'TLS1_2'
  supportsHttpsTrafficOnly: true
  allowBlobPublicAccess: false
  allowSharedKeyAccess: false
  defaultToOAuthAuthentication: true
  allowCrossTenantReplication: false
  publicNetworkAccess: 'Enabled'
  networkAcls: {
    bypass: 'AzureServices'
    defaultAction: 'Allow'
  }
}

resource tableAccount 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('sttbl${toLower(environmentName)}${token}', 24)
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    // Read-access geo-zone-redundant: three zones in the primary region, and the API reads
    // https://<account>-secondary.table... when the primary region fails.
    name: 'Standard_RAGZRS'
  }
  properties: union(hardenedProperties, {
    accessTier: 'Hot'
  })
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: tableAccount
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for tableName in tableNames: {
  parent: tableService
  name: tableName
}]

resource queueAccount 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('stq${toLower(environmentName)}${token}', 24)
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    // Geo-zone-redundant without read access: the queue is written, so a read-only secondary adds nothing.
    name: 'Standard_GZRS'
  }
  properties: union(hardenedProperties, {
    accessTier: 'Hot'
  })
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: queueAccount
  name: 'default'
}

// The shared queue (region-free jobs, both workers compete for them) and one queue per region for
// region-bound jobs; see docs/deploy.md, "Jobs in two regions".
var regionQueues = flatten(map(regionNames, region => [
  '${queueName}-${region}'
  '${queueName}-${region}-poison'
]))

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in concat([queueName, poisonQueueName], regionQueues): {
  parent: queueService
  name: queue
}]

// Deleting an account deletes every shipment or job with it; the lock makes that a two-step act
// (remove the lock, then delete) that the deploying identity cannot take by accident.
resource tableAccountLock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'do-not-delete-shiptrack-tables'
  scope: tableAccount
  properties: {
    level: 'CanNotDelete'
    notes: 'Shipments, member lists and jobs of every region. docs/deploy.md says how to remove it.'
  }
}

resource queueAccountLock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'do-not-delete-shiptrack-queue'
  scope: queueAccount
  properties: {
    level: 'CanNotDelete'
    notes: 'The jobs queues of every region. docs/deploy.md says how to remove it.'
  }
}

// ---------------------------------------------------------------------------------------------
// Diagnostics: account metrics, and the table and queue services' logs
// ---------------------------------------------------------------------------------------------

var serviceLogs = {
  workspaceId: workspaceId
  logs: [
    {
      categoryGroup: 'allLogs'
      enabled: true
    }
  ]
  metrics: [
    {
      category: 'Transaction'
      enabled: true
    }
  ]
}

resource tableAccountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableAccount
  properties: {
    workspaceId: workspaceId
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource tableServiceDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableService
  properties: serviceLogs
}

resource queueAccountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueAccount
  properties: {
    workspaceId: workspaceId
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource queueServiceDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueService
  properties: serviceLogs
}

// ---------------------------------------------------------------------------------------------
// Alerts on the polled data signals. Azure publishes no metric for Last Sync Time, the age of the
// oldest queue message or a queue's depth per queue, so .github/workflows/monitor.yml polls them
// every 15 minutes and publishes them as custom metrics (namespace shiptrack) on these accounts.
// A poller that stops is a failed scheduled workflow run, which GitHub reports to the repository.
// ---------------------------------------------------------------------------------------------

var polledAlerts = [
  {
    name: 'last-sync-lag'
    scope: tableAccount.id
    metric: 'LastSyncLagMinutes'
    threshold: maxReplicationLagMinutes
    severity: 1
    description: 'Table account Last Sync Time lags: a storage failover now would lose this much data.'
  }
  {
    name: 'queue-last-sync-lag'
    scope: queueAccount.id
    metric: 'LastSyncLagMinutes'
    threshold: maxReplicationLagMinutes
    severity: 2
    description: 'Queue account Last Sync Time lags: job messages newer than it would be lost in a failover.'
  }
  {
    name: 'poison-depth'
    scope: queueAccount.id
    metric: 'PoisonMessages'
    threshold: 0
    severity: 2
    description: 'Messages in a poison queue: a job gave up (worker/README.md, "Resiliency").'
  }
  {
    name: 'job-age'
    scope: queueAccount.id
    metric: 'OldestJobMessageMinutes'
    threshold: maxJobAgeMinutes
    severity: 2
    description: 'The oldest message of a jobs queue waits too long: workers are stopped or saturated.'
  }
]

resource polledSignalAlerts 'Microsoft.Insights/metricAlerts@2018-03-01' = [for alert in polledAlerts: {
  name: 'alert-${alert.name}-${toLower(environmentName)}'
  location: 'global'
  tags: tags
  properties: {
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [
      alert.scope
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT30M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: alert.metric
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'shiptrack'
          metricName: alert.metric
          operator: 'GreaterThan'
          threshold: alert.threshold
          timeAggregation: 'Maximum'
          // Custom metrics exist only once the poller has sent them.
          skipMetricValidation: true
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroupId
      }
    ]
  }
}]

@description('Name of the RA-GZRS table account.')
output tableAccountName string = tableAccount.name

@description('Name of the GZRS queue account.')
output queueAccountName string = queueAccount.name

@description('Name of the jobs queue.')
output queueName string = queueName

@description('Name of the poison queue.')
output poisonQueueName string = poisonQueueName
