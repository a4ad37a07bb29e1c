import type { ActionsRegistryActionExample } from '@backstage/backend-plugin-api/alpha';

/** Examples of `explain-dapr-route`, shown to assistants with the action. */
export const examples: Array<ActionsRegistryActionExample<any, any>> = [
  {
    title: 'Why does a URL not reach its app?',
    description:
      'The route that serves shop.example.com/orders/42, and each hop from the Gateway to the app.',
    input: { hostname: 'shop.example.com', path: '/orders/42' },
    output: {
      hostname: 'shop.example.com',
      path: '/orders/42',
      status: 'error',
      blockedBy: [
        'target-dapr: No Dapr Shared instance or sidecar with app-id orders in namespace shop',
      ],
      matches: [
        {
          cluster: 'local',
          route: { kind: 'HTTPRoute', namespace: 'shop', name: 'orders' },
          ruleIndex: 0,
          match: { path: { type: 'PathPrefix', value: '/orders' } },
          mode: 'via-dapr',
          target: { appId: 'orders', namespace: 'shop' },
          status: 'error',
          hops: [
            {
              role: 'gateway',
              label: 'Gateway infra/public',
              status: 'ok',
              reason: 'Accepted; served by io.cilium/gateway-controller',
            },
            {
              role: 'via-dapr',
              label: 'Dapr Shared gateway (infra)',
              status: 'ok',
              reason: 'Invokes orders by rewrite; 1/1 pods ready',
            },
            {
              role: 'target-dapr',
              label: 'daprd orders (shop)',
              status: 'error',
              reason:
                'No Dapr Shared instance or sidecar with app-id orders in namespace shop',
            },
          ],
        },
      ],
    },
  },
  {
    title: 'A POST to one cluster',
    input: {
      hostname: 'api.example.com',
      path: '/checkout',
      method: 'POST',
      cluster: 'local',
    },
  },
];
