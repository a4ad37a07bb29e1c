import {
  buildAppIndex,
  RawKubernetesObject,
  slimObject,
  SlimObjectsByKind,
} from '@daprise/plugin-daprise-common';
import {
  componentEntityName,
  daprComponentEntities,
  AppEntity,
} from './componentEntities';

function sidecarApp(namespace: string, appId: string): RawKubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: appId, namespace },
    spec: {
      selector: { matchLabels: { app: appId } },
      template: {
        metadata: {
          labels: { app: appId },
          annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': appId },
        },
        spec: { containers: [{ name: appId, image: `example/${appId}:1` }] },
      },
    },
  };
}

function component(
  namespace: string,
  name: string,
  type: string,
  scopes?: string[],
): RawKubernetesObject {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace },
    spec: {
      type,
      version: 'v1',
      metadata: [{ name: 'redisPassword', value: 'canary-s3cr3t' }],
    },
    ...(scopes ? { scopes } : {}),
  };
}

function indexOf(raw: RawKubernetesObject[]) {
  const objects: SlimObjectsByKind = {};
  for (const object of raw) {
    const kind = object.kind as 'Deployment' | 'Component';
    ((objects as Record<string, unknown[]>)[kind] ??= []).push(
      slimObject(kind, object),
    );
  }
  return buildAppIndex({ clusters: [{ name: 'local', objects }] });
}

const entities: Record<string, AppEntity> = {
  'local/shop/orders': {
    entityRef: 'component:default/orders',
    owner: 'group:default/team-shop',
  },
  // As the catalog has it when the entity's YAML says `owner: team-pay`.
  'local/shop/payments': {
    entityRef: 'Component:default/payments',
    owner: 'team-pay',
  },
};
const entityOf = (key: { cluster: string; namespace: string; appId: string }) =>
  entities[`${key.cluster}/${key.namespace}/${key.appId}`];

describe('daprComponentEntities', () => {
  const index = indexOf([
    sidecarApp('shop', 'orders'),
    sidecarApp('shop', 'payments'),
    sidecarApp('other', 'stranger'),
    component('shop', 'orders-state', 'state.redis', ['orders']),
    component('shop', 'shared-pubsub', 'pubsub.redis'),
    component('shop', 'ghost-store', 'state.redis', ['ghost']),
    component('shop', 'payments-lock', 'lock.redis', ['payments']),
    component('other', 'other-state', 'state.postgresql'),
  ]);

  it('makes a Resource per component that the apps in its scope depend on', () => {
    const result = daprComponentEntities(index, { entityOf });
    const byTitle = Object.fromEntries(
      result.map(entity => [entity.metadata.title, entity]),
    );
    expect(Object.keys(byTitle).sort()).toEqual([
      'ghost-store',
      'orders-state',
      'other-state',
      'payments-lock',
      'shared-pubsub',
    ]);
    expect(byTitle['orders-state']).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: 'orders-state.shop.local',
        labels: { 'dapr.io/component-type': 'state.redis' },
        tags: ['dapr', 'state'],
        annotations: {
          'daprise.io/cluster': 'local',
          'backstage.io/kubernetes-namespace': 'shop',
          'daprise.io/dapr-component': 'orders-state',
          'backstage.io/managed-by-location': 'daprise:local/shop/orders-state',
        },
      },
      spec: {
        type: 'dapr-component',
        owner: 'group:default/team-shop',
        dependencyOf: ['component:default/orders'],
      },
    });
    // An owner written short in the entity's YAML is a group's full ref.
    expect(byTitle['payments-lock'].spec?.owner).toBe('group:default/team-pay');
    // No scopes: every app of the namespace may load it; refs normalised and sorted.
    expect(byTitle['shared-pubsub'].spec?.dependencyOf).toEqual([
      'component:default/orders',
      'component:default/payments',
    ]);
    // Loaded by nobody: no relation, owned like the namespace's apps.
    expect(byTitle['ghost-store'].spec?.dependencyOf).toEqual([]);
    expect(['group:default/team-pay', 'group:default/team-shop']).toContain(
      byTitle['ghost-store'].spec?.owner,
    );
    // An app without a catalog entity gives no relation and no owner.
    expect(byTitle['other-state'].spec).toMatchObject({
      owner: 'unknown',
      dependencyOf: [],
    });
  });

  it('takes the configured owner over the apps’ owners', () => {
    const result = daprComponentEntities(index, {
      entityOf,
      owner: 'group:default/platform',
    });
    expect(new Set(result.map(entity => entity.spec?.owner))).toEqual(
      new Set(['group:default/platform']),
    );
  });

  it('never carries a metadata value into the catalog', () => {
    const json = JSON.stringify(daprComponentEntities(index, { entityOf }));
    expect(json).not.toContain('canary-s3cr3t');
    expect(json).not.toContain('redisPassword');
  });
});

describe('componentEntityName', () => {
  it('reads like a DNS name when it fits', () => {
    expect(componentEntityName('local', 'shop', 'orders-state')).toBe(
      'orders-state.shop.local',
    );
  });

  it('cuts a long name to 63 characters and keeps names apart with a hash', () => {
    const long = 'a'.repeat(60);
    const one = componentEntityName('cluster-one', 'shop', long);
    const two = componentEntityName('cluster-two', 'shop', long);
    expect(one).toHaveLength(63);
    expect(one).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$/);
    expect(one).not.toBe(two);
  });
});
