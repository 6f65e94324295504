// Availability tests from several Azure locations on the Front Door host and on each regional
// origin, with alerts on them, and alerts on Front Door's own metrics. Deployed after the regions
// and Front Door, whose host names it tests.

import { frontDoorOrigin } from '../types/shiptrack.bicep'

@description('Short environment name (part of resource names).')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Region of the availability tests (that of the Application Insights component).')
param location string

@description('Id of the Application Insights component holding the availability results.')
param appInsightsId string

@description('Id of the action group every alert notifies.')
param actionGroupId string

@description('Front Door profile id, for the metric alerts.')
param frontDoorProfileId string

@description('Public host name of the Front Door endpoint.')
param frontDoorHost string

@description('The regional origins; each gets an availability test of its readiness.')
param origins frontDoorOrigin[]

@description('Tags applied to every resource.')
param tags object = {}

var suffix = toLower(environmentName)

// Availability tests: the public address, and each origin's readiness. An origin test fails when
// the region is unready (503) and also when any breaker of the region is open: the readiness body
// lists each breaker's state, and the test fails when it finds OPEN (or HALF_OPEN) in it. That is
// the breaker-open signal, polled from outside the region, without relying on the region's metrics.
var testLocations = [
  { Id: 'us-va-ash-azr' }
  { Id: 'us-il-ch1-azr' }
  { Id: 'us-ca-sjc-azr' }
  { Id: 'emea-nl-ams-azr' }
  { Id: 'apac-sg-sin-azr' }
]

var tests = concat(
  [
    {
      name: 'front-door'
      url: 'https://${frontDoorHost}/q/health/ready'
      failOnOpenBreaker: false
    }
  ],
  map(origins, origin => {
    name: origin.name
    url: 'https://${origin.hostName}/q/health/ready'
    failOnOpenBreaker: true
  })
)

resource availabilityTests 'Microsoft.Insights/webtests@2022-06-15' = [for test in tests: {
  name: 'avail-${test.name}-${suffix}'
  location: location
  tags: union(tags, {
    'hidden-link:${appInsightsId}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'avail-${test.name}-${suffix}'
    Name: 'Shiptrack ${test.name} ready'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: testLocations
    Request: {
      RequestUrl: test.url
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 14
      ContentValidation: test.failOnOpenBreaker
        ? {
            ContentMatch: 'OPEN'
            IgnoreCase: false
            PassIfTextFound: false
          }
        : null
    }
  }
}]

resource availabilityAlerts 'Microsoft.Insights/metricAlerts@2018-03-01' = [for (test, i) in tests: {
  name: 'alert-avail-${test.name}-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    description: test.failOnOpenBreaker
      ? 'Origin ${test.name} unready, or a breaker of it open (primary/secondary tables, Redis), from 2 or more locations.'
      : 'The public address fails from 2 or more locations.'
    severity: test.failOnOpenBreaker ? 2 : 0
    enabled: true
    scopes: [
      availabilityTests[i].id
      appInsightsId
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: availabilityTests[i].id
      componentId: appInsightsId
      failedLocationCount: 2
    }
    actions: [
      {
        actionGroupId: actionGroupId
      }
    ]
  }
}]

// Front Door's own view: origin health as its probes see it, and the share of 5xx answers.
var frontDoorAlerts = [
  {
    name: 'origin-health'
    metric: 'OriginHealthPercentage'
    operator: 'LessThan'
    threshold: 100
    aggregation: 'Average'
    severity: 1
    description: 'An origin fails Front Door\'s health probes: traffic is moving, or has moved, to the standby.'
  }
  {
    name: 'percentage-5xx'
    metric: 'Percentage5XX'
    operator: 'GreaterThan'
    threshold: 5
    aggregation: 'Average'
    severity: 1
    description: 'More than 5 % of the answers through Front Door are 5xx.'
  }
]

resource frontDoorMetricAlerts 'Microsoft.Insights/metricAlerts@2018-03-01' = [for alert in frontDoorAlerts: {
  name: 'alert-${alert.name}-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [
      frontDoorProfileId
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: alert.metric
          criterionType: 'StaticThresholdCriterion'
          metricName: alert.metric
          operator: alert.operator
          threshold: alert.threshold
          timeAggregation: alert.aggregation
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
