// Global monitoring: the workspace the global resources log to (Front Door, the shared storage),
// the Application Insights component holding the availability results, and the action group every
// alert notifies. Regional stamps keep their own workspaces (modules/region.bicep); the tests and
// the Front Door alerts are in modules/availability.bicep, deployed once the origins exist.

@description('Short environment name (part of resource names).')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Region of the workspace and the Application Insights component holding the availability results.')
param location string

@description('E-mail address the action group notifies (an on-call alias, not a person).')
@minLength(3)
param alertEmailAddress string

@description('Tags applied to every resource.')
param tags object = {}

var suffix = toLower(environmentName)

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${suffix}-global'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 90
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${suffix}-global'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-shiptrack-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take('shiptrk${suffix}', 12)
    enabled: true
    emailReceivers: [
      {
        name: 'on-call'
        emailAddress: alertEmailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

@description('Id of the global Log Analytics workspace.')
output workspaceId string = workspace.id

@description('Id of the action group every alert notifies.')
output actionGroupId string = actionGroup.id

@description('Id of the Application Insights component that holds the availability results.')
output appInsightsId string = appInsights.id
