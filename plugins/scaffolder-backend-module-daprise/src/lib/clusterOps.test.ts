import { restoreOperations } from './clusterOps';
import type { KubeObject } from '@daprise/plugin-daprise-node';

const base: KubeObject = {
  apiVersion: 'dapr.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'statestore',
    namespace: 'shop',
    resourceVersion: '10',
    labels: { 'app.kubernetes.io/part-of': 'payments' },
    managedFields: [{ manager: 'previous' }],
  },
  spec: { type: 'state.redis', version: 'v1' },
  scopes: ['payments'],
};

describe('restoreOperations', () => {
  it('puts back the body, labels, annotations and field ownership, guarded by the resourceVersion', () => {
    const current: KubeObject = {
      ...base,
      metadata: {
        ...base.metadata,
        resourceVersion: '12',
        labels: {
          'app.kubernetes.io/part-of': 'payments',
          'backstage.io/kubernetes-id': 'payments',
        },
        annotations: { 'example.com/a/b~c': 'x' },
        managedFields: [
          { manager: 'previous' },
          { manager: 'daprise-scaffolder' },
        ],
      },
      spec: { type: 'state.redis', version: 'v1', metadata: [] },
      auth: { secretStore: 'kubernetes' },
      status: { ignored: true },
    };
    expect(restoreOperations(base, current)).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '12' },
      { op: 'replace', path: '/spec', value: base.spec },
      { op: 'remove', path: '/auth' },
      { op: 'replace', path: '/metadata/labels', value: base.metadata.labels },
      { op: 'remove', path: '/metadata/annotations' },
      {
        op: 'replace',
        path: '/metadata/managedFields',
        value: [{ manager: 'previous' }],
      },
    ]);
  });

  it('adds back what the apply removed, and leaves equal fields alone', () => {
    const { scopes, ...withoutScopes } = base;
    const current = {
      ...withoutScopes,
      metadata: { ...base.metadata, resourceVersion: '11' },
    };
    expect(restoreOperations(base, current as KubeObject)).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '11' },
      { op: 'add', path: '/scopes', value: scopes },
    ]);
  });
});
