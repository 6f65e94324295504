// Global entry point: the endpoint, origin group, origins and route of the Azure Front Door profile
// (modules/front-door-profile.bicep). Every region's API is an origin; priority routing sends all
// traffic to the lowest healthy priority, and the health probe on /q/health/ready (the only /q/
// path the API serves on its public port) decides what healthy means.

import { frontDoorOrigin } from '../types/shiptrack.bicep'

@description('Short environment name (part of resource names).')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Name of the Front Door profile (modules/front-door-profile.bicep).')
param profileName string

@description('The API origins, one per region, with their priorities.')
@minLength(1)
param origins frontDoorOrigin[]

@description('Path Front Door probes on every origin; an origin is healthy while it answers 200.')
param healthProbePath string = '/q/health/ready'

@description('Seconds between probes from each Front Door point of presence.')
@minValue(5)
@maxValue(255)
param healthProbeIntervalSeconds int = 30

@description('Tags applied to every resource.')
param tags object = {}

var suffix = toLower(environmentName)

resource profile 'Microsoft.Cdn/profiles@2024-09-01' existing = {
  name: profileName
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-09-01' = {
  parent: profile
  name: 'shiptrack-${suffix}-${uniqueString(resourceGroup().id, environmentName)}'
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2024-09-01' = {
  parent: profile
  name: 'api'
  properties: {
    healthProbeSettings: {
      probePath: healthProbePath
      probeProtocol: 'Https'
      probeRequestType: 'GET'
      probeIntervalInSeconds: healthProbeIntervalSeconds
    }
    loadBalancingSettings: {
      // An origin counts as healthy while 3 of the last 4 probes succeeded.
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    sessionAffinityState: 'Disabled'
    // No trafficRestorationTimeToHealedOrNewEndpointsInMinutes: Front Door Standard/Premium documents
    // it as not supported. A recovered primary gets all traffic back as soon as its probes pass
    // (docs/deploy.md, "Failback").
  }
}

resource originResources 'Microsoft.Cdn/profiles/originGroups/origins@2024-09-01' = [for origin in origins: {
  parent: originGroup
  name: origin.name
  properties: {
    hostName: origin.hostName
    originHostHeader: origin.hostName
    httpPort: 80
    httpsPort: 443
    priority: origin.priority
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}]

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-09-01' = {
  parent: endpoint
  name: 'api'
  properties: {
    originGroup: {
      id: originGroup.id
    }
    supportedProtocols: [
      'Http'
      'Https'
    ]
    patternsToMatch: [
      '/*'
    ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
    // No cacheConfiguration: an API answer is never cached at the edge.
  }
  dependsOn: [
    // A route needs at least one origin in its group.
    originResources
  ]
}

@description('Name of the Front Door profile.')
output profileName string = profile.name

@description('Host name of the Front Door endpoint, the public address of the API.')
output endpointHostName string = endpoint.properties.hostName

@description('Front Door id, sent by Front Door in the X-Azure-FDID header (for origin-side filtering).')
output frontDoorId string = profile.properties.frontDoorId
