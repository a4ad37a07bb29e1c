// Test fixtures built from the reference topology in /examples/cluster, run through the real
// model (slim objects -> buildAppIndex), then serialised like the backend's JSON responses.
// Tests run in Node: reading the example manifests from disk is what makes the fixtures real.
// eslint-disable-next-line no-restricted-imports
import fs from 'fs';
// eslint-disable-next-line no-restricted-imports
import path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  buildAppIndex,
  findAppViews,
  isKindName,
  objectFindingRows,
  objectFindingsOfViews,
  slimObject,
  type AppView,
  type ClusterSnapshot,
  type FindingRow,
  type FleetSnapshot,
  type KindName,
  type RawKubernetesObject,
  type SlimObjectsByKind,
} from '@daprise/plugin-daprise-common';
import type { EntityDapriseView } from '../api';

const EXAMPLES_DIR = path.resolve(__dirname, '../../../../examples/cluster');

/** When the fixtures were observed; tests pin `Date.now()` relative to it. */
export const EXAMPLE_OBSERVED_AT = '2025-10-01T12:05:00.000Z';

function identity(raw: RawKubernetesObject): string {
  return `${raw.kind}/${raw.metadata?.namespace ?? ''}/${raw.metadata?.name}`;
}

/**
 * The raw objects of `examples/cluster/*.yaml`, with the status-only files (`9*-*.yaml`: what
 * the Gateway API controller and the kubelets would report) merged into the objects they describe.
 */
export function readExampleObjects(): RawKubernetesObject[] {
  const files = fs
    .readdirSync(EXAMPLES_DIR)
    .filter(file => file.endsWith('.yaml'))
    .sort();
  const objects = new Map<string, RawKubernetesObject>();
  const statuses: RawKubernetesObject[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const raw = doc.toJS() as RawKubernetesObject | null;
      if (!raw?.kind) continue;
      if (file.startsWith('9')) statuses.push(raw);
      else objects.set(identity(raw), raw);
    }
  }
  for (const status of statuses) {
    const target = objects.get(identity(status));
    if (target)
      objects.set(identity(status), { ...target, status: status.status });
  }
  return [...objects.values()];
}

/** The example objects of one cluster, slimmed the way the backend stores them. */
export function exampleClusterSnapshot(
  name: string,
  objects: RawKubernetesObject[] = readExampleObjects(),
): ClusterSnapshot {
  const byKind: SlimObjectsByKind = {};
  for (const raw of objects) {
    if (!isKindName(raw.kind)) continue;
    const kind: KindName = raw.kind;
    const list = (byKind[kind] ?? []) as unknown[];
    list.push(slimObject(kind, raw));
    (byKind as Record<string, unknown[]>)[kind] = list;
  }
  return {
    name,
    objects: byKind,
    state: { kinds: {}, lastSyncAt: EXAMPLE_OBSERVED_AT },
  };
}

/** What the REST API sends: plain JSON, no class instances or maps. */
function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** The app views of the example topology in the given clusters, by app-id. */
export function exampleAppViews(
  snapshot: FleetSnapshot = {
    clusters: [exampleClusterSnapshot('prod')],
    observedAt: EXAMPLE_OBSERVED_AT,
  },
  appId = 'orders',
): AppView[] {
  const index = buildAppIndex(snapshot);
  return asJson(findAppViews(index, { appId }));
}

/** The object findings about the objects of the app-id's views, as the entity view has them. */
export function exampleObjectFindings(
  snapshot: FleetSnapshot = {
    clusters: [exampleClusterSnapshot('prod')],
    observedAt: EXAMPLE_OBSERVED_AT,
  },
  appId = 'orders',
): FindingRow[] {
  const index = buildAppIndex(snapshot);
  return asJson(
    objectFindingsOfViews(
      objectFindingRows(index),
      findAppViews(index, { appId }),
    ),
  );
}

/** The `GET /entity/default/component/orders` response for the example topology. */
export function exampleEntityView(
  overrides: Partial<EntityDapriseView> = {},
): EntityDapriseView {
  return {
    entityRef: 'component:default/orders',
    daprRef: { appId: 'orders', namespace: 'shop' },
    apps: exampleAppViews(),
    objectFindings: exampleObjectFindings(),
    clusters: [{ name: 'prod', stale: false, lastSyncAt: EXAMPLE_OBSERVED_AT }],
    observedAt: EXAMPLE_OBSERVED_AT,
    indexVersion: 7,
    ...overrides,
  };
}

function mapObject(
  objects: RawKubernetesObject[],
  kind: string,
  name: string,
  change: (raw: any) => void,
): RawKubernetesObject[] {
  return objects.map(raw => {
    if (raw.kind !== kind || raw.metadata?.name !== name) return raw;
    const copy = JSON.parse(JSON.stringify(raw));
    change(copy);
    return copy;
  });
}

/** The literal password the mutated topology puts into a component (must never be shown). */
export const PLAINTEXT_PASSWORD = 'hunter2-not-for-your-eyes';

/**
 * The example topology with what a careless team would do: the state store loses its scopes
 * and gets a literal password, the orders Dapr Shared runs without mTLS with one pod of three
 * ready. The governance rules report it.
 */
export function readExampleObjectsWithFindings(): RawKubernetesObject[] {
  let objects = readExampleObjects();
  objects = mapObject(objects, 'Component', 'orders-state', raw => {
    delete raw.scopes;
    raw.spec.metadata = raw.spec.metadata.map((item: any) =>
      item.name === 'redisPassword'
        ? { name: 'redisPassword', value: PLAINTEXT_PASSWORD }
        : item,
    );
  });
  objects = mapObject(objects, 'DaemonSet', 'orders-dapr-shared-chart', raw => {
    const daprd = raw.spec.template.spec.containers.find(
      (c: any) => c.name === 'daprd',
    );
    daprd.args = daprd.args.map((arg: string) =>
      arg === '--enable-mtls=true' ? '--enable-mtls=false' : arg,
    );
    raw.status.numberReady = 1;
    raw.status.numberAvailable = 1;
  });
  return objects;
}

/** Two clusters: `prod` runs the example as is, `staging` with findings. */
export function twoClusterSnapshot(): FleetSnapshot {
  return {
    clusters: [
      exampleClusterSnapshot('prod'),
      exampleClusterSnapshot('staging', readExampleObjectsWithFindings()),
    ],
    observedAt: EXAMPLE_OBSERVED_AT,
  };
}

/** Every app view of a snapshot, as JSON. */
export function allAppViews(snapshot: FleetSnapshot): AppView[] {
  return asJson([...buildAppIndex(snapshot).apps.values()]);
}
