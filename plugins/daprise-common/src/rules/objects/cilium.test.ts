import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  chartDaprShared,
  clusterSnapshot,
  cnp,
  daprService,
  gateway,
  gatewayClass,
  httpRoute,
  invokeRule,
  service,
  sidecarApp,
  workload,
} from '../../__testUtils__/fixtures';
import { buildAppIndex } from '../../findings';
import { isKindName } from '../../kinds';
import { groupClusterSnapshot } from '../../model/snapshot';
import type { RawKubernetesObject } from '../../types';
import { builtinRules } from '../builtin';
import { ciliumPolicySelectsNothingRule, routeHopBlockedRule } from './cilium';

function check(rule: typeof routeHopBlockedRule, raws: RawKubernetesObject[]) {
  return rule.check!(groupClusterSnapshot(clusterSnapshot('prod', raws)));
}

/** The example topology of examples/cluster, with the status files merged into their objects. */
function exampleCluster(): RawKubernetesObject[] {
  const dir = path.resolve(__dirname, '../../../../../examples/cluster');
  const byKey = new Map<string, RawKubernetesObject>();
  const key = (raw: RawKubernetesObject) =>
    `${raw.kind}/${raw.metadata?.namespace ?? ''}/${raw.metadata?.name}`;
  for (const file of fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort()) {
    for (const doc of parseAllDocuments(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    )) {
      const raw = doc.toJSON() as RawKubernetesObject;
      if (!raw || !isKindName(raw.kind)) continue;
      const earlier = byKey.get(key(raw));
      if (earlier && file.startsWith('9')) earlier.status = raw.status;
      else byKey.set(key(raw), raw);
    }
  }
  return [...byKey.values()];
}

function withoutPolicy(raws: RawKubernetesObject[], name: string) {
  return raws.filter(
    r => !(r.kind === 'CiliumNetworkPolicy' && r.metadata?.name === name),
  );
}

describe('route-hop-blocked', () => {
  it("finds no blocked hop on the example topology; its object findings are the single gateway replica and the retired app's policy", () => {
    const raws = exampleCluster();
    expect(check(routeHopBlockedRule, raws)).toEqual([]);
    const index = buildAppIndex({ clusters: [clusterSnapshot('local', raws)] });
    expect(
      (index.objectFindings.get('local') ?? []).map(
        f => `${f.ruleId}: ${f.message}`,
      ),
    ).toEqual([
      'dapr-shared-single-replica: Dapr Shared Deployment infra/gateway-dapr-shared-chart runs a single replica',
      // examples/cluster/61-retired-app-policy.yaml: a policy that selects nothing, on purpose.
      'cilium-policy-selects-nothing: CiliumNetworkPolicy shop/billing-dapr-from-gateway-dapr selects no workload in namespace shop',
    ]);
    expect(builtinRules.some(r => r.id === routeHopBlockedRule.id)).toBe(true);
  });

  it("names the hop, the port and the policy when the gateway daprd's rule is missing", () => {
    const drafts = check(
      routeHopBlockedRule,
      withoutPolicy(exampleCluster(), 'orders-dapr-from-gateway-dapr'),
    );
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      message: expect.stringMatching(
        /^HTTPRoute infra\/orders: hop gateway daprd → app daprd \(daprd of gateway \(Deployment infra\/[^)]+\) → daprd of orders \([^)]+\), port 50002\) is blocked: CiliumNetworkPolicy shop\/orders-dapr-from-orders-app puts daprd of orders/,
      ),
      appId: 'orders',
      relatedObjects: expect.arrayContaining([
        expect.objectContaining({
          kind: 'CiliumNetworkPolicy',
          name: 'orders-dapr-from-orders-app',
        }),
      ]),
    });
  });

  it("shows the blocked hop in the app view's hop statuses, once, beside the finding", () => {
    const raws = withoutPolicy(
      exampleCluster(),
      'orders-dapr-from-gateway-dapr',
    );
    const index = buildAppIndex({ clusters: [clusterSnapshot('local', raws)] });
    const [view] = [...index.apps.values()].filter(v => v.appId === 'orders');
    const route = view.routes.find(r => r.name === 'orders')!;
    const target = route.hops.find(h => h.role === 'target-dapr')!;
    expect(target).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(
        /^Hop gateway daprd → app daprd .*port 50002\) is blocked: CiliumNetworkPolicy shop\/orders-dapr-from-orders-app/,
      ),
      blocked: [
        expect.objectContaining({
          hop: 'gateway daprd → app daprd',
          port: 50002,
          direction: 'ingress',
          reason: 'default-deny',
          policies: [
            expect.objectContaining({ name: 'orders-dapr-from-orders-app' }),
          ],
        }),
      ],
    });
    // The other hops of the chain are not blamed.
    expect(route.hops.filter(h => h.blocked).map(h => h.role)).toEqual([
      'target-dapr',
    ]);
    expect(
      view.findings.filter(f => f.ruleId === 'route-hop-blocked'),
    ).toHaveLength(1);
  });

  it('judges the L7 rules of the gateway hop against the rewritten path', () => {
    const raws = exampleCluster().map(raw => {
      if (
        raw.kind !== 'CiliumNetworkPolicy' ||
        raw.metadata?.name !== 'gateway-dapr-from-cilium-gateway'
      )
        return raw;
      const text = JSON.stringify(raw).replace(
        '/v1\\\\.0/invoke/.*',
        '/v1\\\\.0/state/.*',
      );
      return JSON.parse(text) as RawKubernetesObject;
    });
    const [draft, ...rest] = check(routeHopBlockedRule, raws);
    expect(rest).toEqual([]);
    expect(draft.message).toMatch(
      /hop gateway → gateway daprd \(the Gateway → daprd of gateway .*port 3500\) is blocked: CiliumNetworkPolicy infra\/gateway-dapr-from-cilium-gateway allows the port but not the request \(L7\)/,
    );
  });

  it("judges the gateway hop against every app's policy of the gateway daprd, one path each", () => {
    // As the scaffolder renders them: a policy per app admits the Gateway to the gateway's
    // daprd for that app's invoke path only. Judged together (by the paths' literal start).
    const perApp = (name: string, invokePath: string): RawKubernetesObject => ({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name, namespace: 'infra' },
      spec: {
        endpointSelector: { matchLabels: { 'dapr.io/app-id': 'gateway' } },
        ingress: [
          {
            fromEntities: ['ingress'],
            toPorts: [
              {
                ports: [{ port: '3500', protocol: 'TCP' }],
                rules: { http: [{ path: invokePath }] },
              },
            ],
          },
        ],
      },
    });
    const base = withoutPolicy(
      exampleCluster(),
      'gateway-dapr-from-cilium-gateway',
    );
    const others = [
      perApp('for-billing', '/v1\\.0/invoke/billing/method([/?].*)?'),
      perApp('for-search', '/v1\\.0/invoke/search(/.*)?'),
      perApp('for-anything-v2', '/v2/.*'),
    ];
    const gatewayHop = /HTTPRoute infra\/orders: hop gateway → gateway daprd/;
    const blocked = check(routeHopBlockedRule, [...base, ...others]).filter(d =>
      gatewayHop.test(d.message),
    );
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked[0].message).toMatch(
      /allows the port but not the request \(L7\)/,
    );
    const admitted = check(routeHopBlockedRule, [
      ...base,
      ...others,
      perApp('for-orders', '/v1\\.0/invoke/orders\\.shop/method([/?].*)?'),
      perApp('for-inventory', '/v1\\.0/invoke/inventory/method([/?].*)?'),
    ]).filter(d => gatewayHop.test(d.message));
    expect(admitted.map(d => d.message)).toEqual([]);
  });

  it('blocks the app hop when the app is in default deny without a rule for its daprd', () => {
    const drafts = check(
      routeHopBlockedRule,
      withoutPolicy(exampleCluster(), 'orders-from-orders-dapr').concat(
        cnp({
          name: 'orders-default-deny',
          namespace: 'shop',
          endpointSelector: { matchLabels: { app: 'orders' } },
          ingress: [
            { fromEndpoints: [{ matchLabels: { app: 'someone-else' } }] },
          ],
        }),
      ),
    );
    expect(drafts.map(d => d.message)).toEqual([
      expect.stringMatching(
        /hop app daprd → app .*port 8080\) is blocked: CiliumNetworkPolicy shop\/orders-default-deny/,
      ),
    ]);
  });

  it('respects deny rules and egress default deny, and the namespace of endpoint selectors', () => {
    const base = [
      gatewayClass(),
      gateway({ from: 'All' }),
      chartDaprShared({ appId: 'gateway', mtls: true }),
      daprService('gateway'),
      chartDaprShared({
        appId: 'orders',
        mtls: true,
        remoteURL: 'orders.demo.svc',
      }),
      daprService('orders'),
      workload({ name: 'orders', podLabels: { app: 'orders' } }),
      service({ name: 'orders', selector: { app: 'orders' } }),
      httpRoute({
        name: 'orders',
        hostnames: ['o.example.com'],
        rules: [invokeRule('/orders', 'orders', 'gateway')],
      }),
    ];
    expect(check(routeHopBlockedRule, base)).toEqual([]);
    const egressOnly = cnp({
      name: 'gateway-egress',
      endpointSelector: { matchLabels: { 'dapr.io/app-id': 'gateway' } },
      egress: [{ toEntities: ['world'] }],
    });
    expect(
      check(routeHopBlockedRule, [...base, egressOnly]).map(d => d.message),
    ).toEqual([expect.stringContaining('default deny for egress')]);
    const deny = {
      ...cnp({
        name: 'deny-gateway',
        endpointSelector: { matchLabels: { 'dapr.io/app-id': 'orders' } },
      }),
    };
    (deny.spec as Record<string, unknown>).ingressDeny = [
      { fromEndpoints: [{ matchLabels: { 'dapr.io/app-id': 'gateway' } }] },
    ];
    expect(
      check(routeHopBlockedRule, [...base, deny]).map(d => d.message),
    ).toEqual([
      expect.stringContaining(
        'CiliumNetworkPolicy demo/deny-gateway denies it',
      ),
    ]);
    // A selector in another namespace's policy does not reach across namespaces unless it names one.
    const otherNamespace = cnp({
      name: 'from-gateway',
      endpointSelector: { matchLabels: { 'dapr.io/app-id': 'orders' } },
      ingress: [
        {
          fromEndpoints: [
            {
              matchLabels: {
                'dapr.io/app-id': 'gateway',
                'k8s:io.kubernetes.pod.namespace': 'infra',
              },
            },
          ],
        },
      ],
    });
    expect(check(routeHopBlockedRule, [...base, otherNamespace])).toHaveLength(
      1,
    );
  });
});

describe('cilium-policy-selects-nothing', () => {
  it('fires for a policy whose selector matches no pod template in its namespace', () => {
    expect(
      check(ciliumPolicySelectsNothingRule, [
        workload({ name: 'orders', podLabels: { app: 'orders' } }),
        workload({
          name: 'elsewhere',
          namespace: 'other',
          podLabels: { app: 'typo' },
        }),
        cnp({
          name: 'typo',
          endpointSelector: { matchLabels: { app: 'ordres' } },
          ingress: [{}],
        }),
      ]),
    ).toEqual([
      expect.objectContaining({
        message:
          'CiliumNetworkPolicy demo/typo selects no workload in namespace demo',
        field: 'spec.endpointSelector',
      }),
    ]);
  });

  it('is silent for policies selecting a workload, including labels the Dapr injector adds', () => {
    expect(
      check(ciliumPolicySelectsNothingRule, [
        sidecarApp({ name: 'cart', appId: 'cart' }),
        cnp({
          name: 'by-app-id',
          endpointSelector: { matchLabels: { 'dapr.io/app-id': 'cart' } },
          ingress: [{}],
        }),
        cnp({ name: 'everything', endpointSelector: {}, ingress: [{}] }),
      ]),
    ).toEqual([]);
  });
});
