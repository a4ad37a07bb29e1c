import type { ServiceInputDraft } from '../validation';

/** A complete, valid service input; `change` edits it (as loosely typed JSON) for a test. */
export function serviceDraft(change?: (input: any) => void): ServiceInputDraft {
  const input: any = {
    appId: 'orders',
    namespace: 'shop',
    owner: 'group:default/team-orders',
    system: 'webshop',
    description: 'Takes orders',
    appPort: 8080,
    image: 'ghcr.io/acme/orders:1.4.2',
    daprShared: {
      strategy: 'deployment',
      replicas: 2,
      daprdVersion: '1.16.0',
      mtls: true,
      configName: 'tracing',
    },
    components: [
      {
        name: 'statestore',
        type: 'state.redis',
        metadata: [
          { name: 'redisHost', value: 'redis-master:6379' },
          {
            name: 'redisPassword',
            secretKeyRef: { name: 'redis', key: 'redis-password' },
          },
        ],
      },
      {
        name: 'ticker',
        type: 'bindings.cron',
        metadata: [{ name: 'schedule', value: '@every 1m' }],
      },
    ],
    gateway: {
      name: 'cluster-gateway',
      namespace: 'edge',
      gatewayAppId: 'gateway',
      gatewayDaprNamespace: 'edge',
    },
    hostnames: ['orders.example.com'],
    pathPrefix: '/orders',
    networkPolicy: true,
  };
  change?.(input);
  return input;
}
