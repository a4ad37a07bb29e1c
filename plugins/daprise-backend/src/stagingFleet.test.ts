import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import {
  applyObjects,
  loadManifests,
  repoRoot,
  testControlPlane,
} from '@daprise/local-control-plane';
import { builtinRules, SEVERITIES } from '@daprise/plugin-daprise-common';
import { eventually, startDapriseBackend } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

// The demo's second cluster holds examples/staging: a fleet meant to show every rule at work.
// Here it goes into the shared test cluster, in namespaces of its own, under the cluster name
// its catalog entities give (daprise.io/cluster: staging).
const examples = path.join(repoRoot(), 'examples');
const STAGING_NAMESPACES = [
  'edge',
  'payments',
  'storefront',
  'logistics',
  'identity',
  'legacy',
];

/** The portal's own rule settings (app-config.yaml), which give the demo its severities. */
function portalRulesConfig(): Record<string, unknown> {
  const [config] = loadManifests(path.join(repoRoot(), 'app-config.yaml'));
  return (config as any).daprise.rules;
}

describe('the staging fleet of examples/staging', () => {
  let api: Awaited<ReturnType<typeof startDapriseBackend>>;

  beforeAll(async () => {
    const cluster = testControlPlane();
    await applyObjects(
      cluster.admin(),
      loadManifests(path.join(examples, 'staging')),
    );
    api = await startDapriseBackend({
      clusters: [
        {
          name: 'staging',
          url: cluster.server,
          caData: cluster.caData,
          token: cluster.adminToken,
        },
      ],
      entities: loadManifests(
        path.join(examples, 'catalog', 'staging.yaml'),
      ).map(
        object =>
          ({
            ...object,
            metadata: { namespace: 'default', ...object.metadata },
          } as unknown as Entity),
      ),
      config: { rules: portalRulesConfig() },
    });
  });

  afterAll(async () => {
    await api?.backend.stop();
  });

  const namespaces = STAGING_NAMESPACES.join(',');

  it('has about twenty apps in several namespaces, with sidecar and Dapr Shared apps', async () => {
    const fleet = await eventually(async () => {
      const res = await api.get(`/fleet?namespace=${namespaces}&limit=500`);
      // reports is a catalog app-id that runs nowhere: its row comes once the catalog is read.
      return res.body.items?.some((row: any) => row.appId === 'reports')
        ? res.body
        : undefined;
    }, 60_000);
    const rows: any[] = fleet.items;
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(new Set(rows.map(row => row.namespace)).size).toBe(
      STAGING_NAMESPACES.length,
    );
    expect(new Set(rows.map(row => row.runtime))).toEqual(
      new Set(['dapr-shared', 'sidecar', 'none']),
    );
    expect(new Set(rows.map(row => row.owner).filter(Boolean)).size).toBe(5);
  });

  it('fires every builtin rule at least once, and shows every severity', async () => {
    const fired = new Map<string, Set<string>>();
    const note = (finding: { ruleId: string; severity: string }) => {
      const severities = fired.get(finding.ruleId) ?? new Set<string>();
      severities.add(finding.severity);
      fired.set(finding.ruleId, severities);
    };
    const findings = (
      await api.get(`/findings?namespace=${namespaces}&limit=500`)
    ).body;
    expect(findings.totalCount).toBeLessThanOrEqual(500);
    findings.items.forEach(note);
    // App checks without an object (app-without-dapr) show on the fleet's rows only.
    const fleet = (await api.get(`/fleet?namespace=${namespaces}&limit=500`))
      .body;
    for (const row of fleet.items) row.findings.forEach(note);

    const silent = builtinRules
      .map(rule => rule.id)
      .filter(id => !fired.has(id));
    expect(silent).toEqual([]);
    const severities = new Set([...fired.values()].flatMap(set => [...set]));
    expect([...severities].sort()).toEqual([...SEVERITIES].sort());
  });

  it('holds a gRPC route, a route that bypasses Dapr Shared and one that is not accepted', async () => {
    const view = async (entity: string) =>
      (await api.get(`/entity/default/component/${entity}`)).body.apps[0];
    const warehouse = await view('warehouse');
    expect(warehouse.routes.map((r: any) => r.kind)).toContain('GRPCRoute');
    expect(warehouse.sidecars).toHaveLength(1);
    const billing = await view('billing');
    expect(billing.routes.map((r: any) => r.mode)).toContain('bypass');
    const invoices = await view('invoices');
    expect(
      invoices.routes.flatMap((r: any) =>
        r.parents.map((p: any) => p.accepted),
      ),
    ).toContain('False');
  });

  it('runs on the same platform as examples/cluster, so that both can share one cluster', () => {
    // The staging platform file repeats the local cluster's dapr-system and GatewayClass
    // objects; applied to one cluster, any difference would change the other's.
    const key = (o: any) =>
      `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const local = new Map<string, unknown>();
    for (const object of loadManifests(path.join(examples, 'cluster')))
      local.set(`${key(object)}${'spec' in object ? '' : '#status'}`, object);
    for (const object of loadManifests(
      path.join(examples, 'staging', '00-platform.yaml'),
    ))
      expect(object).toEqual(
        local.get(`${key(object)}${'spec' in object ? '' : '#status'}`),
      );
  });
});
