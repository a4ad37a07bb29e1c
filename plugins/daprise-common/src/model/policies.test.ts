import { cnp } from '../__testUtils__/fixtures';
import { slimCiliumPolicy } from '../slim';
import type { RawKubernetesObject } from '../types';
import {
  CiliumPolicyIndex,
  ciliumIdentityLabels,
  matchesCiliumSelector,
  policyDirections,
  policySpecsSelecting,
  stripCiliumLabelSource,
} from './policies';

const pod = ciliumIdentityLabels(
  { 'dapr.io/app-id': 'orders', 'app.kubernetes.io/name': 'dapr-shared-chart' },
  'shop',
  'orders-sa',
);
const slim = (raw: RawKubernetesObject) =>
  slimCiliumPolicy(raw.kind as 'CiliumNetworkPolicy', raw);

describe('ciliumIdentityLabels', () => {
  it('adds namespace and service account labels', () => {
    expect(pod['io.kubernetes.pod.namespace']).toBe('shop');
    expect(pod['io.cilium.k8s.policy.serviceaccount']).toBe('orders-sa');
    expect(
      ciliumIdentityLabels({}, 'n')['io.cilium.k8s.policy.serviceaccount'],
    ).toBe('default');
  });
});

describe('matchesCiliumSelector', () => {
  it('strips k8s: and any: sources', () => {
    expect(stripCiliumLabelSource('k8s:app')).toBe('app');
    expect(stripCiliumLabelSource('any:app')).toBe('app');
    expect(stripCiliumLabelSource('reserved:ingress')).toBe('reserved:ingress');
    expect(
      matchesCiliumSelector(
        { matchLabels: { 'k8s:dapr.io/app-id': 'orders' } },
        pod,
      ),
    ).toBe(true);
    expect(
      matchesCiliumSelector(
        { matchLabels: { 'any:dapr.io/app-id': 'orders' } },
        pod,
      ),
    ).toBe(true);
    expect(
      matchesCiliumSelector(
        { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'shop' } },
        pod,
      ),
    ).toBe(true);
  });

  it('never matches pods on reserved identities', () => {
    expect(
      matchesCiliumSelector(
        { matchExpressions: [{ key: 'reserved:ingress', operator: 'Exists' }] },
        pod,
      ),
    ).toBe(false);
  });

  it('evaluates expressions with prefixed keys', () => {
    expect(
      matchesCiliumSelector(
        {
          matchExpressions: [
            {
              key: 'k8s:dapr.io/app-id',
              operator: 'In',
              values: ['orders', 'cart'],
            },
          ],
        },
        pod,
      ),
    ).toBe(true);
    expect(
      matchesCiliumSelector(
        {
          matchExpressions: [
            {
              key: 'k8s:io.kubernetes.pod.namespace',
              operator: 'NotIn',
              values: ['kube-system'],
            },
          ],
        },
        pod,
      ),
    ).toBe(true);
    expect(
      matchesCiliumSelector(
        {
          matchExpressions: [
            {
              key: 'k8s:io.kubernetes.pod.namespace',
              operator: 'NotIn',
              values: ['shop'],
            },
          ],
        },
        pod,
      ),
    ).toBe(false);
    expect(
      matchesCiliumSelector(
        { matchExpressions: [{ key: 'k8s:tier', operator: 'DoesNotExist' }] },
        pod,
      ),
    ).toBe(true);
    expect(
      matchesCiliumSelector(
        {
          matchExpressions: [{ key: 'any:dapr.io/app-id', operator: 'Exists' }],
        },
        pod,
      ),
    ).toBe(true);
  });

  it('selects everything with an empty selector', () => {
    expect(matchesCiliumSelector({}, pod)).toBe(true);
  });
});

describe('policySpecsSelecting', () => {
  it('keeps namespaced policies in their namespace', () => {
    const here = slim(
      cnp({
        name: 'p',
        namespace: 'shop',
        endpointSelector: {},
        ingress: [{ fromEntities: ['cluster'] }],
      }),
    );
    const elsewhere = slim(
      cnp({
        name: 'p',
        namespace: 'other',
        endpointSelector: {},
        ingress: [{ fromEntities: ['cluster'] }],
      }),
    );
    expect(policySpecsSelecting(here, pod)).toHaveLength(1);
    expect(policySpecsSelecting(elsewhere, pod)).toHaveLength(0);
  });

  it('applies clusterwide policies in every namespace', () => {
    const ccnp = slim(
      cnp({
        name: 'lockdown',
        clusterwide: true,
        endpointSelector: {
          matchExpressions: [
            {
              key: 'io.kubernetes.pod.namespace',
              operator: 'NotIn',
              values: ['kube-system'],
            },
          ],
        },
        ingress: [{ fromEntities: ['cluster'] }],
      }),
    );
    expect(policySpecsSelecting(ccnp, pod)).toHaveLength(1);
  });

  it('ignores node-selecting specs', () => {
    const policy = slimCiliumPolicy('CiliumClusterwideNetworkPolicy', {
      metadata: { name: 'n' },
      spec: { nodeSelector: {}, ingress: [{ fromEntities: ['world'] }] },
    });
    expect(policySpecsSelecting(policy, pod)).toHaveLength(0);
  });
});

describe('policyDirections', () => {
  const spec = (over: object) => ({
    ingress: [],
    ingressDeny: [],
    egress: [],
    egressDeny: [],
    ...over,
  });
  it('reads which directions are restricted', () => {
    expect(policyDirections([spec({ ingress: [{}] as any })])).toEqual({
      ingress: true,
      egress: false,
    });
    expect(policyDirections([spec({ egressDeny: [{}] as any })])).toEqual({
      ingress: false,
      egress: true,
    });
    expect(
      policyDirections([
        spec({ ingress: [{}] as any, enableDefaultDeny: { ingress: false } }),
      ]),
    ).toEqual({ ingress: false, egress: false });
    expect(
      policyDirections([spec({ enableDefaultDeny: { egress: true } })]),
    ).toEqual({ ingress: false, egress: true });
  });
});

describe('CiliumPolicyIndex', () => {
  it('finds selecting policies through the first matchLabels pair or as general candidates', () => {
    const index = new CiliumPolicyIndex();
    index.add(
      slim(
        cnp({
          name: 'orders',
          namespace: 'shop',
          endpointSelector: { matchLabels: { 'k8s:dapr.io/app-id': 'orders' } },
          ingress: [{}],
        }),
      ),
    );
    index.add(
      slim(
        cnp({
          name: 'cart',
          namespace: 'shop',
          endpointSelector: { matchLabels: { 'dapr.io/app-id': 'cart' } },
          ingress: [{}],
        }),
      ),
    );
    index.add(
      slim(
        cnp({
          name: 'all',
          namespace: 'shop',
          endpointSelector: {},
          ingress: [{}],
        }),
      ),
    );
    index.add(
      slim(
        cnp({
          name: 'expr',
          namespace: 'shop',
          endpointSelector: {
            matchExpressions: [
              {
                key: 'app.kubernetes.io/name',
                operator: 'In',
                values: ['dapr-shared-chart'],
              },
            ],
          },
          egress: [{}],
        }),
      ),
    );
    index.add(
      slim(
        cnp({
          name: 'two',
          namespace: 'shop',
          endpointSelector: {
            matchLabels: { 'dapr.io/app-id': 'orders', tier: 'x' },
          },
          ingress: [{}],
        }),
      ),
    );
    expect(
      index
        .selecting(pod)
        .map(m => m.policy.name)
        .sort(),
    ).toEqual(['all', 'expr', 'orders']);
  });
});
