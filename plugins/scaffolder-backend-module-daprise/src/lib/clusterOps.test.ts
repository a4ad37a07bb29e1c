import {
  ownershipProblem,
  restoreConfiguration,
  restoredManagedFields,
} from './clusterOps';
import type { KubeObject } from '@daprise/plugin-daprise-node';

const OWNED = {
  'app.kubernetes.io/part-of': 'payments',
  'backstage.io/kubernetes-id': 'payments',
};

const base: KubeObject = {
  apiVersion: 'dapr.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'statestore',
    namespace: 'shop',
    uid: 'u-1',
    resourceVersion: '10',
    creationTimestamp: '2026-01-01T00:00:00Z',
    labels: OWNED,
    annotations: { 'example.com/owner': 'team-shop' },
    managedFields: [{ manager: 'previous', operation: 'Apply' }],
  },
  spec: { type: 'state.redis', version: 'v1' },
  scopes: ['payments'],
  status: { observed: true },
};

describe('restoreConfiguration', () => {
  it('is the object as it was: body, labels and annotations, without status or server fields', () => {
    expect(restoreConfiguration(base)).toEqual({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'statestore',
        namespace: 'shop',
        labels: OWNED,
        annotations: { 'example.com/owner': 'team-shop' },
      },
      spec: { type: 'state.redis', version: 'v1' },
      scopes: ['payments'],
    });
  });
});

describe('restoredManagedFields', () => {
  it("is the previous ownership, plus managers that came since, minus Daprise's", () => {
    const current: KubeObject = {
      ...base,
      metadata: {
        ...base.metadata,
        managedFields: [
          { manager: 'previous', operation: 'Apply' },
          { manager: 'daprise-scaffolder', operation: 'Apply' },
          {
            manager: 'controller',
            operation: 'Update',
            subresource: 'status',
          },
        ],
      },
    };
    expect(restoredManagedFields(base, current, 'daprise-scaffolder')).toEqual([
      { manager: 'previous', operation: 'Apply' },
      { manager: 'controller', operation: 'Update', subresource: 'status' },
    ]);
  });
});

describe('ownershipProblem', () => {
  const manifest = (labels?: Record<string, string>) => ({
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'shop', ...(labels ? { labels } : {}) },
    },
    source: 'deploy/c.yaml#0',
  });
  const existing = (labels?: Record<string, string>): KubeObject =>
    manifest(labels).object;

  it("lets the app's manifest create, or change what is the app's", () => {
    expect(ownershipProblem(manifest(OWNED), undefined)).toBeUndefined();
    expect(ownershipProblem(manifest(OWNED), existing(OWNED))).toBeUndefined();
  });

  it('refuses a manifest without both ownership labels, even where nothing exists', () => {
    for (const labels of [
      undefined,
      { 'app.kubernetes.io/part-of': 'payments' },
      { ...OWNED, 'backstage.io/kubernetes-id': 'orders' },
    ]) {
      expect(ownershipProblem(manifest(labels), undefined)).toMatchObject({
        reason: 'Forbidden',
        fields: [{ field: 'metadata.labels' }],
      });
    }
  });

  it("refuses to write over another app's object, or one that is nobody's", () => {
    expect(
      ownershipProblem(
        manifest(OWNED),
        existing({
          'app.kubernetes.io/part-of': 'orders',
          'backstage.io/kubernetes-id': 'orders',
        }),
      )?.message,
    ).toBe(
      'ConfigMap shop/c already exists and belongs to orders (labels app.kubernetes.io/part-of, backstage.io/kubernetes-id), not to payments',
    );
    expect(ownershipProblem(manifest(OWNED), existing())?.message).toBe(
      'ConfigMap shop/c already exists and does not belong to any app (labels app.kubernetes.io/part-of, backstage.io/kubernetes-id), not to payments',
    );
  });
});
