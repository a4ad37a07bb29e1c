import type { Entity } from '@backstage/catalog-model';
import {
  DAPRISE_CLUSTER_ANNOTATION,
  DAPR_APP_ID_ANNOTATION,
  getEntityDaprRef,
  isDapriseAvailable,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from './annotations';

function entity(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', annotations },
    spec: {},
  };
}

describe('annotation keys', () => {
  it('uses the keys Dapr and Backstage use', () => {
    expect(DAPR_APP_ID_ANNOTATION).toBe('dapr.io/app-id');
    expect(KUBERNETES_NAMESPACE_ANNOTATION).toBe(
      'backstage.io/kubernetes-namespace',
    );
    expect(DAPRISE_CLUSTER_ANNOTATION).toBe('daprise.io/cluster');
  });
});

describe('getEntityDaprRef', () => {
  it('returns undefined without annotations', () => {
    expect(getEntityDaprRef(entity())).toBeUndefined();
  });

  it('returns undefined for a blank app-id', () => {
    expect(
      getEntityDaprRef(entity({ 'dapr.io/app-id': '   ' })),
    ).toBeUndefined();
  });

  it('reads the app-id alone', () => {
    expect(getEntityDaprRef(entity({ 'dapr.io/app-id': 'orders' }))).toEqual({
      appId: 'orders',
    });
  });

  it('reads namespace and cluster, trimming whitespace', () => {
    expect(
      getEntityDaprRef(
        entity({
          'dapr.io/app-id': ' orders ',
          'backstage.io/kubernetes-namespace': 'shop',
          'daprise.io/cluster': 'prod-eu',
        }),
      ),
    ).toEqual({ appId: 'orders', namespace: 'shop', cluster: 'prod-eu' });
  });

  it('ignores a namespace or cluster without an app-id', () => {
    expect(
      getEntityDaprRef(entity({ 'backstage.io/kubernetes-namespace': 'shop' })),
    ).toBeUndefined();
  });
});

describe('isDapriseAvailable', () => {
  it('is true only with an app-id', () => {
    expect(isDapriseAvailable(entity({ 'dapr.io/app-id': 'orders' }))).toBe(
      true,
    );
    expect(
      isDapriseAvailable(entity({ 'backstage.io/kubernetes-id': 'orders' })),
    ).toBe(false);
  });
});
