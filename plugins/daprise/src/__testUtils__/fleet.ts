import {
  builtinRules,
  SEVERITIES,
  type AppView,
  type Severity,
} from '@daprise/plugin-daprise-common';
import type { ClusterStatus, FleetPage, FleetRow } from '../api';
import {
  allAppViews,
  EXAMPLE_OBSERVED_AT,
  twoClusterSnapshot,
} from './exampleTopology';

const ENTITIES: Record<string, { entityRef: string; owner: string }> = {
  orders: { entityRef: 'component:default/orders', owner: 'team-shop' },
  gateway: { entityRef: 'component:default/gateway', owner: 'platform' },
  inventory: { entityRef: 'component:default/inventory', owner: 'team-shop' },
};

/** A fleet row the way the backend makes one from an app view. */
export function fleetRowOf(view: AppView): FleetRow {
  const instances =
    view.daprShared.length > 0 ? view.daprShared : view.sidecars;
  const row: FleetRow = {
    key: view.key,
    cluster: view.cluster,
    namespace: view.namespace,
    appId: view.appId,
    runtime:
      // eslint-disable-next-line no-nested-ternary
      view.daprShared.length > 0
        ? 'dapr-shared'
        : view.sidecars.length > 0
        ? 'sidecar'
        : 'none',
    routes: view.routes.length,
    components: view.components.length,
    score: view.score,
    findings: view.findings,
    stale: view.stale,
    ...ENTITIES[view.appId],
  };
  const versions = [
    ...new Set(instances.map(i => i.daprdVersion).filter(Boolean)),
  ];
  if (versions.length > 0) row.daprdVersion = versions.join(', ');
  if (instances.length > 0) {
    row.ready = instances.reduce((sum, i) => sum + i.ready, 0);
    row.desired = instances.reduce((sum, i) => sum + i.desired, 0);
  }
  return row;
}

/** The fleet rows of the two-cluster example (prod clean, staging with findings). */
export function exampleFleetRows(): FleetRow[] {
  return allAppViews(twoClusterSnapshot()).map(fleetRowOf);
}

/** A `GET /fleet` response holding the given rows. */
export function fleetPageOf(
  rows: FleetRow[] = exampleFleetRows(),
  overrides: Partial<FleetPage> = {},
): FleetPage {
  const bySeverity = Object.fromEntries(
    SEVERITIES.map(severity => [severity, 0]),
  ) as Record<Severity, number>;
  const byRule = new Map<
    string,
    { ruleId: string; title: string; severity: Severity; count: number }
  >();
  for (const finding of rows.flatMap(row => row.findings)) {
    bySeverity[finding.severity] += 1;
    const entry = byRule.get(finding.ruleId) ?? {
      ruleId: finding.ruleId,
      title:
        builtinRules.find(rule => rule.id === finding.ruleId)?.title ??
        finding.ruleId,
      severity: finding.severity,
      count: 0,
    };
    entry.count += 1;
    byRule.set(finding.ruleId, entry);
  }
  const unique = (values: Array<string | undefined>) =>
    [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
  return {
    items: rows,
    totalCount: rows.length,
    offset: 0,
    limit: 25,
    summary: {
      apps: rows.length,
      bySeverity,
      byRule: [...byRule.values()],
    },
    facets: {
      clusters: unique(rows.map(r => r.cluster)),
      namespaces: unique(rows.map(r => r.namespace)),
      owners: unique(rows.map(r => r.owner)),
      rules: builtinRules.map(rule => ({ id: rule.id, title: rule.title })),
    },
    observedAt: EXAMPLE_OBSERVED_AT,
    indexVersion: 3,
    ...overrides,
  };
}

/** A `GET /clusters` item. */
export function clusterStatus(
  name: string,
  overrides: Partial<ClusterStatus> = {},
): ClusterStatus {
  return {
    name,
    synced: true,
    stale: false,
    lastSyncAt: EXAMPLE_OBSERVED_AT,
    kinds: {
      Deployment: { state: 'synced', objects: 2 },
      HTTPRoute: { state: 'synced', objects: 1 },
      CiliumClusterwideNetworkPolicy: { state: 'not-installed', objects: 0 },
    },
    ...overrides,
  };
}
