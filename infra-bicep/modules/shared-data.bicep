// The data plane both regions share: the RA-GRS table account (reads fall back to its secondary
// endpoint) and the GRS queue account (read and written, so no read-access secondary).
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
    // Read-access geo-redundant: the API reads https://<account>-secondary.table... when the
    // primary region fails.
    name: 'Standard_RAGRS'
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
    // Geo-redundant without read access: the queue is written, so a read-only secondary adds nothing.
    name: 'Standard_GRS'
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

@description('Name of the RA-GRS table account.')
output tableAccountName string = tableAccount.name

@description('Name of the GRS queue account.')
output queueAccountName string = queueAccount.name

@description('Name of the jobs queue.')
output queueName string = queueName

@description('Name of the poison queue.')
output poisonQueueName string = poisonQueueName
