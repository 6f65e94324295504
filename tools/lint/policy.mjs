#!/usr/bin/env node
// Delivery policy over the parsed Bicep templates and GitHub workflows: the rules a Bicep compile
// or an actionlint run cannot see, each one a documented Azure limit or a release-path guarantee
// (docs/deploy.md, "What the policy checks"). Nothing here reaches Azure: a rule reads the
// templates as written, so a value computed at deployment time must be bounded where it is
// declared (a literal, or a param whose @allowed/@minValue/@maxValue keep it inside the limit).
//
// Usage: node tools/lint/policy.mjs [--root DIR] [--only RULE,...]
//   --root  the tree to check (default: the repository root); reads DIR/infra-bicep,
//           DIR/.github/workflows and DIR/docs/deploy.md
//   --only  run only the named rules
// Exit status: 0 when every rule passes, 1 when any fails, 2 on usage or internal errors.

import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { parse as parseYaml } from 'yaml';

import { Expr, at, bicepModel, resolveVar, walk } from './bicep-model.mjs';

// ------------------------------------------------------------------------------------------------
// Documented limits the rules enforce (sources in docs/deploy.md, "What the policy checks").
// ------------------------------------------------------------------------------------------------

// Container Apps probe fields (REST API ContainerAppProbe; Az.App New-AzContainerAppProbeObject).
const PROBE_LIMITS = {
  failureThreshold: [1, 10],
  successThreshold: [1, 10],
  periodSeconds: [1, 240],
  timeoutSeconds: [1, 240],
  initialDelaySeconds: [0, 60],
};

// Azure Cache for Redis: Basic/Standard are C0-C6 (family C), Premium is P1-P5 (family P).
const REDIS_CAPACITY = { Basic: [0, 6], Standard: [0, 6], Premium: [1, 5] };

// Storage redundancy that survives the loss of one zone in the primary region.
const ZONE_REDUNDANT_STORAGE = new Set(['Standard_ZRS', 'Standard_GZRS', 'Standard_RAGZRS', 'Premium_ZRS']);

// Resource types whose logs and metrics must reach a workspace.
const NEEDS_DIAGNOSTICS = [
  'Microsoft.Cdn/profiles',
  'Microsoft.Storage/storageAccounts',
  'Microsoft.Cache/redis',
  'Microsoft.KeyVault/vaults',
  'Microsoft.Web/sites',
  'Microsoft.App/managedEnvironments',
];

// Replica floors per region role: a zone-redundant environment spreads replicas over zones, so
// the primary keeps one per zone and the standby at least two.
const MIN_REPLICAS = { primary: 3, standby: 2 };

// ------------------------------------------------------------------------------------------------

class Findings {
  constructor() {
    this.byRule = new Map();
  }

  fail(rule, where, text) {
    const message = text.replace(/\s+/g, ' ');
    if (!this.byRule.has(rule)) {
      this.byRule.set(rule, []);
    }
    this.byRule.get(rule).push(`${where}: ${message}`);
  }
}

const isExpr = (v) => v instanceof Expr;

/** Possible values of a param-bounded expression: a literal, or a param's @allowed list / [min, max] range. */
function possibleValues(model, value) {
  const v = resolveVar(model, value);
  if (!isExpr(v)) {
    return { values: [v] };
  }
  const param = v.type === 'identifier' ? model.params.get(v.text) : undefined;
  if (!param) {
    return { unknown: v.text };
  }
  const { allowed, minValue, maxValue } = param.decorators;
  if (Array.isArray(allowed)) {
    return { values: allowed };
  }
  if (typeof minValue === 'number' && typeof maxValue === 'number') {
    return { values: Array.from({ length: maxValue - minValue + 1 }, (_, i) => minValue + i) };
  }
  if (typeof minValue === 'number' || typeof maxValue === 'number') {
    return { min: minValue, max: maxValue };
  }
  return { unknown: v.text };
}

/** Lowest value an expression can take, when the template bounds it from below. */
function lowestValue(model, value) {
  const p = possibleValues(model, value);
  if (p.values) {
    return Math.min(...p.values.filter((x) => typeof x === 'number'));
  }
  return p.min;
}

// ------------------------------------------------------------------------------------------------
// Bicep rules
// ------------------------------------------------------------------------------------------------

function containerAppsOf(models) {
  return models.flatMap((m) => m.resources.filter((r) => r.type === 'Microsoft.App/containerApps' && !r.existing).map((r) => ({ m, r })));
}

/** probe-limits: every probe within the Container Apps limits, and present from the first revision. */
function probeLimits(models, f) {
  for (const { m, r } of containerAppsOf(models)) {
    const containers = at(r.body, 'properties.template.containers') ?? [];
    for (const container of Array.isArray(containers) ? containers : []) {
      let probes = resolveVar(m, container.probes);
      if (isExpr(probes)) {
        f.fail('probe-limits', `${m.file}:${r.line}`, `probes of container '${container.name}' are computed (${probes.text.replace(/\s+/g, ' ')}); they must be set on every revision, the first one included`);
        // Still check the values of each outcome.
        probes = probes.branches.map((b) => resolveVar(m, b)).filter(Array.isArray).flat();
      }
      if (!Array.isArray(probes) || probes.length === 0) {
        f.fail('probe-limits', `${m.file}:${r.line}`, `container '${container.name}' has no probes`);
        continue;
      }
      for (const probe of probes.map((p) => resolveVar(m, p))) {
        for (const [field, [min, max]] of Object.entries(PROBE_LIMITS)) {
          const value = probe?.[field];
          if (value === undefined) {
            continue;
          }
          if (typeof value !== 'number' || value < min || value > max) {
            f.fail('probe-limits', `${m.file}:${r.line}`, `${probe.type} probe ${field} = ${value}; Container Apps accepts ${min}-${max}`);
          }
        }
        const port = at(probe, 'httpGet.port');
        if (isExpr(resolveVar(m, port))) {
          f.fail('probe-limits', `${m.file}:${r.line}`, `${probe.type} probe port is computed (${port.text}); it must be the API's port`);
        }
      }
    }
  }
}

/** first-revision: the revision Bicep creates runs the real image from the registry, with its identity and port. */
function firstRevision(models, f) {
  for (const { m, r } of containerAppsOf(models)) {
    const where = `${m.file}:${r.line}`;
    const registries = resolveVar(m, at(r.body, 'properties.configuration.registries'));
    if (!Array.isArray(registries) || registries.length === 0 || registries.some((e) => !e?.identity || !e?.server)) {
      f.fail('first-revision', where, `registries must be a fixed entry with the registry server and a managed identity (found ${isExpr(registries) ? registries.text : JSON.stringify(registries)})`);
    }
    const port = resolveVar(m, at(r.body, 'properties.configuration.ingress.targetPort'));
    if (typeof port !== 'number') {
      f.fail('first-revision', where, `ingress.targetPort must be the API's fixed port (found ${port})`);
    }
    for (const container of at(r.body, 'properties.template.containers') ?? []) {
      const image = resolveVar(m, container.image);
      const text = isExpr(image) ? image.text : String(image);
      if (isExpr(image) && image.type === 'ternary_expression') {
        f.fail('first-revision', where, `image of '${container.name}' is chosen at deployment time (${text}); the first revision must run the released image`);
      } else if (/mcr\.microsoft\.com|docker\.io|quickstart/.test(text)) {
        f.fail('first-revision', where, `image of '${container.name}' is a public placeholder (${text})`);
      } else if (!text.includes('@')) {
        f.fail('first-revision', where, `image of '${container.name}' is not pinned by digest (${text})`);
      }
    }
  }
}

/** sku-capacity: SKU and capacity pairs Azure accepts, for every combination the params allow. */
function skuCapacity(models, f) {
  for (const m of models) {
    for (const r of m.resources.filter((x) => !x.existing)) {
      const where = `${m.file}:${r.line}`;
      if (r.type === 'Microsoft.Cache/redis') {
        const names = possibleValues(m, at(r.body, 'properties.sku.name'));
        const capacities = possibleValues(m, at(r.body, 'properties.sku.capacity'));
        const family = resolveVar(m, at(r.body, 'properties.sku.family'));
        if (!names.values || !capacities.values) {
          f.fail('sku-capacity', where, `Redis sku name and capacity must be literals or params with @allowed/@minValue+@maxValue (${names.unknown ?? ''} ${capacities.unknown ?? ''})`);
          continue;
        }
        for (const name of names.values) {
          const [min, max] = REDIS_CAPACITY[name] ?? [1, 0];
          const bad = capacities.values.filter((c) => c < min || c > max);
          if (bad.length > 0) {
            f.fail('sku-capacity', where, `Redis ${name} with capacity ${bad.join(', ')} is allowed by the template; Azure accepts ${min}-${max}`);
          }
          const expectedFamily = name === 'Premium' ? 'P' : 'C';
          if (!isExpr(family) && family !== expectedFamily) {
            f.fail('sku-capacity', where, `Redis ${name} needs family ${expectedFamily}, not ${family}`);
          }
        }
      }
      if (r.type === 'Microsoft.Web/serverfarms') {
        const names = possibleValues(m, at(r.body, 'sku.name'));
        const zoneRedundant = at(r.body, 'properties.zoneRedundant');
        if (zoneRedundant === true && names.values) {
          const bad = names.values.filter((n) => !/^(P\dv[34]|P\dmv[34]|EP\d|FC1|I\dv2)$/.test(n));
          if (bad.length > 0) {
            f.fail('sku-capacity', where, `zone-redundant plan allows SKU ${bad.join(', ')}; zone redundancy needs Premium v3/v4, Elastic Premium, Flex Consumption or Isolated v2`);
          }
        }
      }
      if (r.type === 'Microsoft.ContainerRegistry/registries') {
        const name = resolveVar(m, at(r.body, 'sku.name'));
        if (at(r.body, 'properties.zoneRedundancy') === 'Enabled' && name !== 'Premium') {
          f.fail('sku-capacity', where, `registry zone redundancy needs the Premium SKU (found ${name})`);
        }
      }
    }
  }
}

/** zones: every stateful or serving resource survives the loss of one zone. */
function zones(models, f) {
  for (const m of models) {
    for (const r of m.resources.filter((x) => !x.existing)) {
      const where = `${m.file}:${r.line} (${r.symbol})`;
      switch (r.type) {
        case 'Microsoft.Storage/storageAccounts': {
          const sku = resolveVar(m, at(r.body, 'sku.name'));
          if (!ZONE_REDUNDANT_STORAGE.has(sku)) {
            f.fail('zones', where, `storage SKU ${sku} is not zone redundant (use ${[...ZONE_REDUNDANT_STORAGE].join(', ')})`);
          }
          break;
        }
        case 'Microsoft.App/managedEnvironments':
          if (at(r.body, 'properties.zoneRedundant') !== true) {
            f.fail('zones', where, 'Container Apps environment is not zoneRedundant: true');
          }
          if (at(r.body, 'properties.vnetConfiguration.infrastructureSubnetId') === undefined) {
            f.fail('zones', where, 'a zone-redundant Container Apps environment needs vnetConfiguration.infrastructureSubnetId');
          }
          break;
        case 'Microsoft.Web/serverfarms': {
          if (at(r.body, 'properties.zoneRedundant') !== true) {
            f.fail('zones', where, 'Functions plan is not zoneRedundant: true');
          }
          const capacity = lowestValue(m, at(r.body, 'sku.capacity'));
          if (!(capacity >= 3)) {
            f.fail('zones', where, `zone-redundant plan needs at least 3 instances (sku.capacity lowest value: ${capacity})`);
          }
          break;
        }
        case 'Microsoft.Cache/redis': {
          const zoneList = at(r.body, 'zones');
          const automatic = at(r.body, 'properties.zonalAllocationPolicy') === 'Automatic';
          if (!automatic && !(Array.isArray(zoneList) && zoneList.length >= 2)) {
            f.fail('zones', where, 'Redis is not zone redundant (zones over two or more zones, or zonalAllocationPolicy Automatic)');
          }
          break;
        }
        case 'Microsoft.ContainerRegistry/registries':
        case 'Microsoft.ContainerRegistry/registries/replications':
          if (at(r.body, 'properties.zoneRedundancy') !== 'Enabled') {
            f.fail('zones', where, 'registry (or replica) zoneRedundancy is not Enabled');
          }
          break;
        default:
          break;
      }
    }
  }
  // Replica floors per role, read from main.bicep's region list.
  const main = models.find((m) => m.file.endsWith('main.bicep'));
  const regions = main ? resolveVar(main, main.vars.get('regions')) : undefined;
  if (!Array.isArray(regions)) {
    f.fail('zones', 'main.bicep', 'no `regions` list to read the replica floors from');
    return;
  }
  for (const region of regions) {
    const floor = MIN_REPLICAS[region?.role];
    const lowest = lowestValue(main, region?.apiMinReplicas);
    if (floor && !(lowest >= floor)) {
      f.fail('zones', `${main.file} (regions)`, `${region.role} keeps at least ${lowest ?? 'an unbounded number of'} API replica(s); it needs ${floor} (apiMinReplicas, with @minValue on its param)`);
    }
  }
  // Blast radius: one resource group per region plus one for the global resources.
  if (main && main.targetScope !== 'subscription') {
    f.fail('zones', main.file, `main.bicep deploys into one resource group (targetScope ${main.targetScope}); it must create a resource group per region and one for global resources`);
  }
}

/** locks: the data accounts carry a CanNotDelete lock. */
function locks(models, f) {
  for (const m of models) {
    const accounts = m.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts' && !r.existing && /tbl|queue|table/i.test(`${r.symbol}`));
    const lockScopes = m.resources
      .filter((r) => r.type === 'Microsoft.Authorization/locks' && at(r.body, 'properties.level') === 'CanNotDelete')
      .map((r) => String(r.body?.scope ?? ''));
    for (const account of accounts) {
      if (!lockScopes.includes(account.symbol)) {
        f.fail('locks', `${m.file}:${account.line}`, `data account '${account.symbol}' has no CanNotDelete lock`);
      }
    }
  }
}

/** diagnostics: logs and metrics of every listed resource type go to a workspace. */
function diagnostics(models, f) {
  for (const m of models) {
    const scopes = m.resources.filter((r) => r.type === 'Microsoft.Insights/diagnosticSettings').map((r) => String(r.body?.scope ?? ''));
    for (const r of m.resources.filter((x) => !x.existing && NEEDS_DIAGNOSTICS.includes(x.type))) {
      // A storage account's logs are per service (tables, queues, blobs): a setting on one of its services counts.
      const children = m.resources.filter((c) => String(c.body?.parent ?? '') === r.symbol).map((c) => c.symbol);
      if (![r.symbol, ...children].some((s) => scopes.includes(s))) {
        f.fail('diagnostics', `${m.file}:${r.line}`, `${r.type} '${r.symbol}' has no diagnostic setting`);
      }
    }
  }
}

/** alerts: the signals docs/deploy.md names, each routed to an action group; availability tests on every host. */
function alerts(models, f) {
  const all = models.flatMap((m) => m.resources.map((r) => ({ m, r })));
  if (!all.some(({ r }) => r.type === 'Microsoft.Insights/actionGroups')) {
    f.fail('alerts', 'infra-bicep', 'no action group');
  }
  const alertResources = all.filter(({ r }) => ['Microsoft.Insights/metricAlerts', 'Microsoft.Insights/scheduledQueryRules'].includes(r.type));
  for (const { m, r } of alertResources) {
    const actions = JSON.stringify(at(r.body, 'properties.actions') ?? null);
    if (actions === 'null' || actions === '[]' || actions === '{}') {
      f.fail('alerts', `${m.file}:${r.line}`, `alert '${r.symbol}' notifies no action group`);
    }
  }
  // A looped alert reads its metric from a var of its file (`alert.metric`), so the vars count too.
  const asText = ({ m, r }) => JSON.stringify([r.body, [...m.vars.values()]], (k, v) => (v instanceof Expr ? v.text : v));
  const alertText = alertResources.map(asText).join('\n');
  const signals = {
    'Front Door origin health': /OriginHealthPercentage/,
    'Front Door 5xx': /Percentage5XX/,
    'breaker open': /breaker/i,
    'job age': /job.?age|oldest/i,
    'poison queue depth': /poison/i,
    'replication lag (Last Sync Time)': /last.?sync/i,
  };
  for (const [signal, pattern] of Object.entries(signals)) {
    if (!pattern.test(alertText)) {
      f.fail('alerts', 'infra-bicep', `no alert for ${signal}`);
    }
  }
  const tests = all.filter(({ r }) => r.type === 'Microsoft.Insights/webtests');
  const testText = tests.map(asText).join('\n');
  if (!/endpointHostName|frontDoorHost|apiHostName/.test(testText)) {
    f.fail('alerts', 'infra-bicep', 'no availability test on the Front Door host');
  }
  if (!/apiFqdn|ingress\.fqdn|origin\.hostName/.test(testText)) {
    f.fail('alerts', 'infra-bicep', 'no availability test on each origin');
  }
}

/** front-door: no setting Microsoft documents as not supported. */
function frontDoor(models, f) {
  for (const m of models) {
    for (const r of m.resources.filter((x) => x.type === 'Microsoft.Cdn/profiles/originGroups')) {
      if (at(r.body, 'properties.trafficRestorationTimeToHealedOrNewEndpointsInMinutes') !== undefined) {
        f.fail('front-door', `${m.file}:${r.line}`, 'trafficRestorationTimeToHealedOrNewEndpointsInMinutes is documented as not supported by Front Door Standard/Premium');
      }
    }
  }
}

/** role-scope: the role-assignment right in docs/deploy.md is conditioned on exactly the roles the templates assign. */
function roleScope(models, deployDoc, f) {
  const assigned = new Set();
  for (const m of models) {
    for (const value of m.vars.values()) {
      if (typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) {
        assigned.add(value);
      }
    }
  }
  const block = /<!-- rbac-condition -->([\s\S]*?)<!-- \/rbac-condition -->/.exec(deployDoc ?? '');
  if (!block) {
    f.fail('role-scope', 'docs/deploy.md', 'no ABAC condition (between <!-- rbac-condition --> markers) on the deploying identity\'s role-assignment right');
    return;
  }
  const inDoc = new Set(block[1].match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);
  for (const id of assigned) {
    if (!inDoc.has(id)) {
      f.fail('role-scope', 'docs/deploy.md', `the templates assign role ${id}, which the condition does not allow`);
    }
  }
  for (const id of inDoc) {
    if (!assigned.has(id)) {
      f.fail('role-scope', 'docs/deploy.md', `the condition allows role ${id}, which no template assigns`);
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Workflow rules
// ------------------------------------------------------------------------------------------------

const stepsOf = (job) => (Array.isArray(job?.steps) ? job.steps : []);
const logsIn = (job) => stepsOf(job).some((s) => /^azure\/login@/i.test(s.uses ?? ''));
const attests = (job) => stepsOf(job).some((s) => /^actions\/attest(-build-provenance|-sbom)?@/.test(s.uses ?? ''));
const builds = (job) => stepsOf(job).some((s) => /\.\/mvnw|\bnpm (ci|install|run)\b|docker build|native-image/.test(s.run ?? ''));
const environmentOf = (job) => (typeof job?.environment === 'string' ? job.environment : job?.environment?.name);

/** Conditions guarding a job: its own `if` and those of every job it needs, transitively. */
function guards(workflow, jobName, seen = new Set()) {
  if (seen.has(jobName)) {
    return [];
  }
  seen.add(jobName);
  const job = workflow.jobs?.[jobName];
  const needs = [job?.needs ?? []].flat();
  return [String(job?.if ?? ''), ...needs.flatMap((n) => guards(workflow, n, seen))];
}

function triggersOf(workflow) {
  const on = workflow.on;
  if (typeof on === 'string') {
    return { [on]: {} };
  }
  if (Array.isArray(on)) {
    return Object.fromEntries(on.map((t) => [t, {}]));
  }
  return on ?? {};
}

/** deploy-trigger: production is changed only for pushes to main of this repository. */
function deployTrigger(workflows, f) {
  for (const { file, workflow } of workflows) {
    const triggers = triggersOf(workflow);
    for (const [name, job] of Object.entries(workflow.jobs ?? {})) {
      if (environmentOf(job) !== 'production') {
        continue;
      }
      const where = `${file} (job ${name})`;
      const conditions = guards(workflow, name).join(' && ').replace(/\s+/g, ' ');
      if (triggers.pull_request_target || triggers.issue_comment) {
        f.fail('deploy-trigger', where, 'a production job in a workflow that pull requests or comments can start');
      }
      if (triggers.workflow_run) {
        if (!/github\.event\.workflow_run\.event == 'push'/.test(conditions)) {
          f.fail('deploy-trigger', where, "workflow_run deploys without checking github.event.workflow_run.event == 'push' (the branches filter matches a fork's branch name)");
        }
        if (!/github\.event\.workflow_run\.head_repository\.full_name == github\.repository/.test(conditions)) {
          f.fail('deploy-trigger', where, 'workflow_run deploys without checking github.event.workflow_run.head_repository.full_name == github.repository');
        }
        if (!/github\.event\.workflow_run\.head_branch == 'main'/.test(conditions)) {
          f.fail('deploy-trigger', where, "workflow_run deploys without checking github.event.workflow_run.head_branch == 'main'");
        }
      }
      if (triggers.pull_request && !/github\.event_name != 'pull_request'|github\.event_name == 'push'/.test(conditions)) {
        f.fail('deploy-trigger', where, 'a production job that a pull_request event reaches');
      }
      if ((triggers.workflow_dispatch || triggers.push) && !/github\.ref == 'refs\/heads\/main'/.test(conditions)) {
        f.fail('deploy-trigger', where, "push/dispatch without github.ref == 'refs/heads/main'");
      }
    }
  }
}

/** id-token: only jobs that log in (or attest) get an OIDC token, and never one that runs the build. */
function idToken(workflows, f) {
  for (const { file, workflow } of workflows) {
    if (String(workflow.permissions?.['id-token'] ?? '') === 'write' || workflow.permissions === 'write-all') {
      f.fail('id-token', file, 'id-token: write at workflow level reaches every job');
    }
    for (const [name, job] of Object.entries(workflow.jobs ?? {})) {
      const token = job.permissions === 'write-all' || String(job.permissions?.['id-token'] ?? '') === 'write';
      const where = `${file} (job ${name})`;
      if (token && !logsIn(job) && !attests(job)) {
        f.fail('id-token', where, 'id-token: write in a job that neither logs in to Azure nor attests');
      }
      if (token && builds(job)) {
        f.fail('id-token', where, 'id-token: write in a job that runs the Maven/npm/Docker build (third-party build code could request the token)');
      }
      if (logsIn(job) && !token) {
        f.fail('id-token', where, 'azure/login without id-token: write');
      }
    }
  }
}

/** identities: what-if reads with its own identity; the image is pushed by a push-only identity. */
function identities(workflows, f) {
  for (const { file, workflow } of workflows) {
    const triggers = triggersOf(workflow);
    for (const [name, job] of Object.entries(workflow.jobs ?? {})) {
      for (const step of stepsOf(job).filter((s) => /^azure\/login@/i.test(s.uses ?? ''))) {
        const client = String(step.with?.['client-id'] ?? '');
        const where = `${file} (job ${name})`;
        const production = environmentOf(job) === 'production';
        if (production && client !== '${{ vars.AZURE_CLIENT_ID }}') {
          f.fail('identities', where, `production job logs in as ${client}, not the deploying identity`);
        }
        if (!production && client.includes('vars.AZURE_CLIENT_ID }}')) {
          f.fail('identities', where, `job outside the production environment logs in as the deploying identity (${client})${triggers.pull_request ? '; pull requests must use the read-only what-if identity' : ''}`);
        }
      }
    }
  }
}

/** pinned-actions: every action is pinned to a full commit SHA. */
function pinnedActions(workflows, f) {
  for (const { file, workflow } of workflows) {
    for (const [name, job] of Object.entries(workflow.jobs ?? {})) {
      const uses = [job.uses, ...stepsOf(job).map((s) => s.uses)].filter(Boolean);
      for (const use of uses) {
        if (use.startsWith('./') || use.startsWith('docker://')) {
          continue;
        }
        if (!/@[0-9a-f]{40}$/.test(use)) {
          f.fail('pinned-actions', `${file} (job ${name})`, `${use} is not pinned to a commit SHA`);
        }
      }
    }
  }
}

/** release-checks: the rollout promotes the tested image by digest, checks the new revision and smoke-tests Front Door. */
function releaseChecks(workflows, f) {
  const deploy = workflows.find((w) => w.file.endsWith('deploy.yml'));
  if (!deploy) {
    f.fail('release-checks', '.github/workflows', 'no deploy.yml');
    return;
  }
  const jobs = Object.entries(deploy.workflow.jobs ?? {});
  const text = (job) => stepsOf(job).map((s) => `${s.run ?? ''}\n${JSON.stringify(s.env ?? {})}\n${JSON.stringify(s.with ?? {})}`).join('\n');
  const all = jobs.map(([, j]) => text(j)).join('\n');
  if (!/az containerapp revision show[\s\S]*(healthState|runningState)/.test(all)) {
    f.fail('release-checks', deploy.file, "the rollout does not read the new revision's health/running state (az containerapp revision show)");
  }
  if (!/apiHostName/.test(all) || !/smoke/i.test(jobs.map(([n, j]) => `${n} ${j.name ?? ''} ${stepsOf(j).map((s) => s.name).join(' ')}`).join(' '))) {
    f.fail('release-checks', deploy.file, 'no smoke test through the Front Door host (apiHostName) after the rollout');
  }
  if (!/--image "\$\{?IMAGE/.test(all) || !/@sha256:|@\$\{?digest|@\$DIGEST|\$\{?REPOSITORY\}?@/.test(all)) {
    f.fail('release-checks', deploy.file, 'the rollout does not promote the pushed image by digest');
  }
  if (!/attest-build-provenance/.test(JSON.stringify(deploy.workflow)) || !/attest-sbom/.test(JSON.stringify(deploy.workflow))) {
    f.fail('release-checks', deploy.file, 'no provenance and SBOM attestation for the image');
  }
  const imageJob = jobs.find(([, j]) => /docker build/.test(text(j)));
  if (imageJob && !/-Dquarkus\.native\.enabled=true[\s\S]*verify|verify[\s\S]*-Dquarkus\.native\.enabled=true/.test(text(imageJob[1]))) {
    f.fail('release-checks', `${deploy.file} (job ${imageJob[0]})`, 'the image is built from a native executable that this job did not test (./mvnw verify with the native build runs the *IT suite against it)');
  }
}

// ------------------------------------------------------------------------------------------------

const RULES = {
  'probe-limits': ({ models }, f) => probeLimits(models, f),
  'first-revision': ({ models }, f) => firstRevision(models, f),
  'sku-capacity': ({ models }, f) => skuCapacity(models, f),
  zones: ({ models }, f) => zones(models, f),
  locks: ({ models }, f) => locks(models, f),
  diagnostics: ({ models }, f) => diagnostics(models, f),
  alerts: ({ models }, f) => alerts(models, f),
  'front-door': ({ models }, f) => frontDoor(models, f),
  'role-scope': ({ models, deployDoc }, f) => roleScope(models, deployDoc, f),
  'deploy-trigger': ({ workflows }, f) => deployTrigger(workflows, f),
  'id-token': ({ workflows }, f) => idToken(workflows, f),
  identities: ({ workflows }, f) => identities(workflows, f),
  'pinned-actions': ({ workflows }, f) => pinnedActions(workflows, f),
  'release-checks': ({ workflows }, f) => releaseChecks(workflows, f),
};

async function filesUnder(dir, suffixes) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && suffixes.some((s) => entry.name.endsWith(s))) {
      out.push(path.join(entry.parentPath ?? entry.path, entry.name));
    }
  }
  return out.sort();
}

async function main() {
  const args = process.argv.slice(2);
  let root = '.';
  let only = null;
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--root') {
      root = args[(i += 1)];
    } else if (args[i] === '--only') {
      only = new Set(args[(i += 1)].split(','));
    } else {
      console.error('usage: node tools/lint/policy.mjs [--root DIR] [--only RULE,...]');
      return 2;
    }
  }
  const unknown = only ? [...only].filter((r) => !RULES[r]) : [];
  if (unknown.length > 0) {
    console.error(`policy: unknown rule(s) ${unknown.join(', ')}; rules: ${Object.keys(RULES).join(', ')}`);
    return 2;
  }
  const models = [];
  for (const file of await filesUnder(path.join(root, 'infra-bicep'), ['.bicep'])) {
    models.push(await bicepModel(await readFile(file, 'utf8'), path.relative(root, file)));
  }
  const workflows = [];
  for (const file of await filesUnder(path.join(root, '.github', 'workflows'), ['.yml', '.yaml'])) {
    workflows.push({ file: path.relative(root, file), workflow: parseYaml(await readFile(file, 'utf8')) });
  }
  const deployDoc = await readFile(path.join(root, 'docs', 'deploy.md'), 'utf8').catch(() => null);

  const findings = new Findings();
  const ran = Object.entries(RULES).filter(([name]) => !only || only.has(name));
  for (const [, rule] of ran) {
    rule({ models, workflows, deployDoc }, findings);
  }
  for (const [name] of ran) {
    const problems = findings.byRule.get(name) ?? [];
    console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name}${problems.length ? ` (${problems.length})` : ''}`);
    for (const problem of problems) {
      console.log(`       ${problem}`);
    }
  }
  const failed = ran.filter(([name]) => findings.byRule.has(name)).length;
  console.log(failed ? `policy: FAILED: ${failed} of ${ran.length} rule(s)` : `policy: OK: ${ran.length} rule(s) over ${models.length} Bicep file(s) and ${workflows.length} workflow(s)`);
  return failed ? 1 : 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (err) => {
    console.error(`policy: internal error: ${err.stack ?? err}`);
    process.exitCode = 2;
  },
);
