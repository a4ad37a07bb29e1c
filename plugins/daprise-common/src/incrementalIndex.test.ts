// The key guard of the incremental index: random sequences of object adds, changes and deletes
// (across namespaces that name each other, cluster-scoped objects, the control plane and the
// kinds' state) applied one update at a time give exactly the index a full rebuild gives.
import {
  chartDaprShared,
  cnp,
  component,
  configuration,
  daprService,
  gateway,
  gatewayClass,
  httpRoute,
  invokeRule,
  namespaceObject,
  referenceGrant,
  service,
  sidecarApp,
  workload,
} from './__testUtils__/fixtures';
import { compareStrings } from './compare';
import { buildAppIndex } from './findings';
import { objectFindingRows } from './objectFindings';
import { IncrementalAppIndex } from './incrementalIndex';
import { isKindName, KindName } from './kinds';
import { listAppKeys } from './model/appIndex';
import { groupFleetSnapshot } from './model/snapshot';
import type { AppIndex, AppKey } from './model/appTypes';
import { CLUSTER_SCOPED_KINDS } from './model/dependencies';
import {
  clusterSnapshotOf,
  NamespacedClusterSnapshot,
} from './model/namespacedSnapshot';
import type { ClusterState } from './model/snapshotTypes';
import { findingKey } from './rules/findingOf';
import { slimObject } from './slim';
import type { RawKubernetesObject, SlimObjectsByKind } from './types';

/** A small deterministic PRNG (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = ['a', 'b', 'gw', 'dapr-system'];
const APPS = ['app1', 'app2', 'app3'];

/** Every object the sequences may hold, each with a few versions. */
function candidates(
  pick: <T>(items: readonly T[]) => T,
): Array<() => RawKubernetesObject> {
  const out: Array<() => RawKubernetesObject> = [];
  for (const namespace of ['a', 'b']) {
    for (const appId of APPS) {
      out.push(() =>
        chartDaprShared({
          appId,
          namespace,
          strategy: pick(['deployment', 'daemonset'] as const),
          version: pick(['1.16.0', '1.15.7', '1.17.0']),
          mtls: pick([true, false]),
          remoteURL: pick([
            `${appId}-svc`,
            `${appId}-svc.b`,
            `${appId}-svc.a.svc.cluster.local`,
          ]),
          remotePort: pick([8080, 9090]),
          config: pick([undefined, 'appconfig']),
        }),
      );
      out.push(() => daprService(appId, namespace));
      out.push(() =>
        workload({
          name: `${appId}-code`,
          namespace,
          podLabels: { app: `${appId}-code` },
          ready: pick([0, 1]),
        }),
      );
      out.push(() =>
        service({
          name: `${appId}-svc`,
          namespace,
          selector: { app: `${appId}-code` },
          ports: [{ port: pick([8080, 9090]), targetPort: 8080 }],
        }),
      );
    }
    out.push(() =>
      sidecarApp({
        name: 'side',
        namespace,
        appId: pick(['side', 'app1']),
        config: pick([undefined, 'appconfig', 'missing']),
      }),
    );
    out.push(() =>
      component({
        name: 'state',
        namespace,
        scopes: pick([undefined, ['app1'], ['app2', 'ghost']]),
        metadata: pick([
          [{ name: 'redisHost', value: 'redis:6379' }],
          [
            { name: 'redisHost', value: 'redis:6379' },
            { name: 'redisPassword', value: 'hunter2' },
          ],
        ]),
      }),
    );
    out.push(() =>
      component({
        name: 'pubsub',
        namespace,
        type: 'pubsub.redis',
        scopes: pick([undefined, ['app1']]),
      }),
    );
    out.push(() => configuration({ name: 'appconfig', namespace }));
    out.push(() => ({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Resiliency',
      metadata: { name: 'res', namespace },
      spec: {
        policies: { timeouts: { t: '1s' } },
        targets: {
          apps: { [pick(['app1', 'app3', 'side', 'ghost'])]: { timeout: 't' } },
          components: { [pick(['state', 'nothing'])]: {} },
        },
      },
    }));
    out.push(() => ({
      apiVersion: 'dapr.io/v2alpha1',
      kind: 'Subscription',
      metadata: { name: 'sub', namespace },
      spec: {
        pubsubname: pick(['pubsub', 'none']),
        topic: 'orders',
        routes: { default: '/orders' },
      },
      scopes: pick([[], ['app1'], ['app2']]),
    }));
    out.push(() =>
      cnp({
        name: 'allow',
        namespace,
        endpointSelector: {
          matchLabels: {
            'dapr.io/app-id': pick(['app1', 'app2', 'gateway', 'none']),
          },
        },
        ingress: [
          {
            fromEndpoints: [
              {
                matchLabels: {
                  'k8s:io.kubernetes.pod.namespace': pick(['gw', 'a']),
                },
              },
            ],
          },
        ],
      }),
    );
    out.push(() =>
      referenceGrant({
        namespace,
        fromNamespace: pick(['gw', 'nowhere']),
        toName: pick([undefined, 'app1-dapr']),
      }),
    );
    out.push(() =>
      httpRoute({
        name: 'local',
        namespace,
        parentRefs: [
          pick([{ name: 'cluster-gateway', namespace: 'gw' }, { name: 'own' }]),
        ],
        hostnames: [pick(['shop.example.com', 'other.example.com'])],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [
              { name: `${pick(APPS)}-dapr`, port: pick([3500, 80]) },
            ],
          },
        ],
      }),
    );
    out.push(() => gateway({ name: 'own', namespace }));
  }
  out.push(() => chartDaprShared({ appId: 'gateway', namespace: 'gw' }));
  out.push(() => daprService('gateway', 'gw'));
  out.push(() =>
    gateway({
      name: 'cluster-gateway',
      namespace: 'gw',
      className: pick(['cilium', 'gone']),
    }),
  );
  for (const name of ['orders', 'catalog'])
    out.push(() =>
      httpRoute({
        name,
        namespace: 'gw',
        parentRefs: [{ name: 'cluster-gateway' }],
        hostnames: [pick(['shop.example.com', 'api.example.com'])],
        rules: [
          pick([
            invokeRule(
              '/orders',
              pick(['app1.a', 'app2.b', 'app3', 'ghost.a']),
              'gateway',
            ),
            invokeRule('/direct', 'app1', 'app1', pick(['a', 'b'])),
            {
              matches: [{ path: { type: 'PathPrefix', value: '/bypass' } }],
              backendRefs: [
                {
                  name: `${pick(APPS)}-svc`,
                  namespace: pick(['a', 'b']),
                  port: 8080,
                },
              ],
            },
          ]),
        ],
      }),
    );
  out.push(() =>
    workload({
      name: 'dapr-operator',
      namespace: 'dapr-system',
      labels: { app: 'dapr-operator' },
      podLabels: { app: 'dapr-operator' },
      containers: [
        {
          name: 'dapr-operator',
          image: `ghcr.io/dapr/operator:${pick(['1.16.0', '1.17.0'])}`,
        },
      ],
    }),
  );
  out.push(() =>
    configuration({
      name: 'daprsystem',
      namespace: 'dapr-system',
      mtls: pick([true, false]),
    }),
  );
  out.push(() => gatewayClass('cilium', pick(['True', 'False'])));
  for (const name of NAMESPACES)
    out.push(() => namespaceObject(name, { team: pick(['x', 'y']) }));
  out.push(() =>
    cnp({
      name: 'cluster-default',
      clusterwide: true,
      endpointSelector: {
        matchLabels: { 'dapr.io/app-id': pick(['app1', 'gateway']) },
      },
      ingress: [{ fromEntities: ['ingress'] }],
    }),
  );
  return out;
}

const CLUSTER_SCOPED = new Set<KindName>(CLUSTER_SCOPED_KINDS);

/**
 * A cluster's objects as the backend's cluster store keeps them: per namespace, a namespace's
 * objects replaced (never changed) when one of them changes.
 */
class FakeClusterStore {
  private readonly objects = new Map<string, Map<string, unknown>>();
  private buckets = new Map<string, SlimObjectsByKind>();
  private clusterScoped: SlimObjectsByKind = {};
  private readonly dirty = new Set<string>();
  private last?: NamespacedClusterSnapshot;
  state?: ClusterState;

  constructor(readonly name: string) {}

  set(raw: RawKubernetesObject) {
    if (!isKindName(raw.kind)) throw new Error(raw.kind);
    const namespace = CLUSTER_SCOPED.has(raw.kind)
      ? ''
      : (raw.metadata!.namespace as string);
    this.bucket(namespace).set(
      `${raw.kind}/${raw.metadata!.name}`,
      slimObject(raw.kind, raw),
    );
    this.dirty.add(namespace);
  }

  delete(raw: RawKubernetesObject) {
    const namespace = CLUSTER_SCOPED.has(raw.kind as KindName)
      ? ''
      : (raw.metadata!.namespace as string);
    this.objects.get(namespace)?.delete(`${raw.kind}/${raw.metadata!.name}`);
    this.dirty.add(namespace);
  }

  touchState() {
    this.last = undefined;
  }

  private bucket(namespace: string) {
    let bucket = this.objects.get(namespace);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(namespace, bucket);
    }
    return bucket;
  }

  snapshot(): NamespacedClusterSnapshot {
    if (this.last && this.dirty.size === 0) return this.last;
    const buckets = new Map(this.buckets);
    for (const namespace of this.dirty) {
      const byKind: Record<string, unknown[]> = {};
      for (const [key, object] of this.objects.get(namespace) ?? []) {
        const kind = key.slice(0, key.indexOf('/'));
        (byKind[kind] ??= []).push(object);
      }
      if (namespace === '') this.clusterScoped = byKind as SlimObjectsByKind;
      else if (Object.keys(byKind).length === 0) buckets.delete(namespace);
      else buckets.set(namespace, byKind as SlimObjectsByKind);
    }
    this.dirty.clear();
    this.buckets = buckets;
    this.last = {
      name: this.name,
      namespaces: buckets,
      clusterScoped: this.clusterScoped,
      ...(this.state ? { state: this.state } : {}),
    };
    return this.last;
  }
}

function expectSameIndex(incremental: AppIndex, full: AppIndex) {
  // Views: every one, in key order, with its findings.
  expect([...incremental.apps.keys()]).toEqual([...full.apps.keys()]);
  for (const [key, view] of full.apps)
    expect(incremental.apps.get(key)).toEqual(view);
  expect(incremental.apps.size).toBe(full.apps.size);
  for (const [appId, keys] of full.byAppId)
    expect(incremental.byAppId.get(appId)).toEqual(keys);
  expect(incremental.context).toEqual(full.context);
  // Object findings: the same findings per cluster, each worst first (equally severe ones may
  // come in another order: they are judged part by part).
  expect([...incremental.objectFindings.keys()]).toEqual([
    ...full.objectFindings.keys(),
  ]);
  for (const [cluster, findings] of full.objectFindings) {
    const mine = incremental.objectFindings.get(cluster) ?? [];
    const byKey = (list: typeof findings) =>
      [...list].sort((x, y) => compareStrings(findingKey(x), findingKey(y)));
    expect(byKey(mine)).toEqual(byKey(findings));
    expect(mine.map(f => f.severity)).toEqual(findings.map(f => f.severity));
  }
  // The whole cluster's grouping is there for readers of `grouped` (catalog components).
  for (const [name, cluster] of full.grouped.clusters) {
    const mine = incremental.grouped.clusters.get(name)!;
    expect(mine.objects.Component?.length ?? 0).toBe(
      cluster.objects.Component?.length ?? 0,
    );
    expect([...mine.apps.keys()].sort()).toEqual(
      [...cluster.apps.keys()].sort(),
    );
    expect(mine.controlPlane).toEqual(cluster.controlPlane);
  }
}

function expectSameRows(incremental: AppIndex, full: AppIndex) {
  // Each object finding with the views that hold its object, as the fleet page lists them.
  const rowKey = (row: ReturnType<typeof objectFindingRows>[number]) =>
    `${row.cluster}|${findingKey(row)}|${row.apps.join(',')}`;
  expect(objectFindingRows(incremental).map(rowKey).sort()).toEqual(
    objectFindingRows(full).map(rowKey).sort(),
  );
}

describe('IncrementalAppIndex', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'gives the index a full rebuild gives, change after change (seed %i)',
    seed => {
      expect.hasAssertions();
      const next = random(seed);
      const pick = <T>(items: readonly T[]): T =>
        items[Math.floor(next() * items.length)];
      const universe = candidates(pick);
      const stores = [
        new FakeClusterStore('prod'),
        new FakeClusterStore('prod-eu'),
      ];
      const index = new IncrementalAppIndex();
      const extraChoices: AppKey[][] = [
        [],
        [{ cluster: 'prod', namespace: 'a', appId: 'ghost' }],
        [
          { cluster: 'prod', namespace: 'a', appId: 'app1' },
          { cluster: 'prod', namespace: 'b', appId: 'ghost' },
          { cluster: 'elsewhere', namespace: 'x', appId: 'nobody' },
        ],
      ];
      let extras = extraChoices[0];
      for (let step = 0; step < 120; step++) {
        const changes = 1 + Math.floor(next() * 3);
        for (let c = 0; c < changes; c++) {
          const store = pick(stores);
          const roll = next();
          const raw = pick(universe)();
          if (roll < 0.7) store.set(raw);
          else if (roll < 0.92) store.delete(raw);
          else if (roll < 0.96) {
            store.state = pick<ClusterState | undefined>([
              undefined,
              { kinds: { Configuration: { status: 'synced' } } },
              { kinds: { Configuration: { status: 'forbidden' } } },
              { kinds: {}, lastError: 'connection refused' },
            ]);
            store.touchState();
          } else extras = pick(extraChoices);
        }
        const snapshots = stores.map(s => s.snapshot());
        const observedAt = `2025-06-01T12:00:${String(step % 60).padStart(
          2,
          '0',
        )}Z`;
        const incremental = index.update({
          clusters: snapshots,
          extraAppKeys: extras,
          observedAt,
        });
        // As the backend's fleet index does: extra keys whose app-id is listed nowhere.
        const grouped = groupFleetSnapshot({
          clusters: snapshots.map(s => clusterSnapshotOf(s)),
          observedAt,
        });
        const listed = new Set(
          [...grouped.clusters.values()].flatMap(c =>
            listAppKeys(c).map(k => k.appId),
          ),
        );
        const full = buildAppIndex(grouped, {
          extraAppKeys: extras.filter(k => !listed.has(k.appId)),
        });
        // A view kept from an earlier update says when it was built.
        const strip = (i: AppIndex): AppIndex => ({
          ...i,
          apps: new Map(
            [...i.apps].map(([k, v]) => [k, { ...v, observedAt: undefined }]),
          ),
        });
        expectSameIndex(strip(incremental), strip(full));
        expectSameRows(incremental, full);
      }
    },
  );

  it('keeps the views of namespaces a change does not reach', () => {
    const store = new FakeClusterStore('prod');
    for (const namespace of ['a', 'b']) {
      store.set(
        chartDaprShared({ appId: 'app1', namespace, remoteURL: 'app1-svc' }),
      );
      store.set(daprService('app1', namespace));
    }
    const index = new IncrementalAppIndex();
    const first = index.update({ clusters: [store.snapshot()] });
    store.set(
      chartDaprShared({
        appId: 'app1',
        namespace: 'a',
        remoteURL: 'app1-svc',
        mtls: false,
      }),
    );
    const second = index.update({ clusters: [store.snapshot()] });
    expect(second.apps.get('prod/b/app1')).toBe(first.apps.get('prod/b/app1'));
    expect(second.apps.get('prod/a/app1')).not.toBe(
      first.apps.get('prod/a/app1'),
    );
    expect(second.apps.get('prod/a/app1')?.daprShared[0].mtls).toBe(false);
    // Nothing changed: the same index parts again.
    const third = index.update({ clusters: [store.snapshot()] });
    expect(third.apps.get('prod/a/app1')).toBe(second.apps.get('prod/a/app1'));
  });

  it('judges a route in another namespace again when the app it reaches changes', () => {
    const store = new FakeClusterStore('prod');
    store.set(chartDaprShared({ appId: 'gateway', namespace: 'gw' }));
    store.set(daprService('gateway', 'gw'));
    store.set(gateway({ namespace: 'gw' }));
    store.set(
      httpRoute({
        name: 'orders',
        namespace: 'gw',
        rules: [invokeRule('/orders', 'app1.a', 'gateway')],
      }),
    );
    const index = new IncrementalAppIndex();
    const first = index.update({ clusters: [store.snapshot()] });
    expect(first.apps.get('prod/a/app1')?.daprShared).toEqual([]);
    store.set(chartDaprShared({ appId: 'app1', namespace: 'a' }));
    const second = index.update({ clusters: [store.snapshot()] });
    expect(second.apps.get('prod/a/app1')?.daprShared).toHaveLength(1);
    expect(second.apps.get('prod/a/app1')?.routes.map(r => r.name)).toEqual([
      'orders',
    ]);
  });
});
