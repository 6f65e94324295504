// The roles one regional stamp holds on the global resources: data-plane roles on the shared table
// and queue accounts and AcrPull on the registry. Deployed into the global resource group, because
// a role assignment is created in the resource group of the resource it is scoped to.

@description('Name of the shared table account.')
param tableAccountName string

@description('Name of the shared queue account.')
param queueAccountName string

@description('Name of the container registry.')
param registryName string

@description('Principal id of the region\'s API identity.')
param apiPrincipalId string

@description('Principal id of the region\'s worker identity.')
param workerPrincipalId string

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
// docs/deploy.md's condition on the deploying identity allows exactly the roles the templates assign.

// Storage Table Data Contributor: read, write and delete table entities (both apps, table account).
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// Storage Queue Data Message Sender: add messages only (the API posts jobs).
var storageQueueDataMessageSenderRoleId = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'

// Storage Queue Data Contributor: read, process, add and delete messages and create queues. The
// worker's queue trigger needs Reader + Message Processor; it also enqueues continuation messages
// and the Functions host moves failed messages to jobs-poison (creating it if absent), which is
// the output-binding role set, so the worker gets Contributor on the queue account.
var storageQueueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'

// AcrPull: pull images (the container app pulls the API image with its identity, no admin user).
var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource tableAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: tableAccountName
}

resource queueAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: queueAccountName
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource apiTableData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(tableAccount.id, apiPrincipalId, storageTableDataContributorRoleId)
  scope: tableAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: apiPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerTableData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(tableAccount.id, workerPrincipalId, storageTableDataContributorRoleId)
  scope: tableAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource apiQueueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queueAccount.id, apiPrincipalId, storageQueueDataMessageSenderRoleId)
  scope: queueAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataMessageSenderRoleId)
    principalId: apiPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerQueueData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queueAccount.id, workerPrincipalId, storageQueueDataContributorRoleId)
  scope: queueAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributorRoleId)
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource apiAcrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, apiPrincipalId, acrPullRoleId)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
    principalId: apiPrincipalId
    principalType: 'ServicePrincipal'
  }
}
