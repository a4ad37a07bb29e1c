import type { ActionsRegistryActionExample } from '@backstage/backend-plugin-api/alpha';

/** Examples of `preview-dapr-service`, shown to assistants with the action. */
export const examples: Array<ActionsRegistryActionExample<any, any>> = [
  {
    title: 'Would this service be created?',
    description:
      'An HTTP service in shop behind Gateway infra/public: the manifests the template would write, the governance findings and the dry run, with nothing applied.',
    input: {
      appId: 'payments',
      namespace: 'shop',
      owner: 'group:default/team-shop',
      appPort: 8080,
      image: 'ghcr.io/acme/payments:1.0.0',
      gateway: { name: 'public', namespace: 'infra', gatewayAppId: 'gateway' },
      hostnames: ['payments.shop.example.com'],
    },
    output: {
      cluster: 'local',
      verdict: 'ready',
      applied: false,
      errors: [],
      warnings: [],
      findings: [],
      manifests: [
        {
          path: 'deploy/httproute.yaml',
          object: {
            apiVersion: 'gateway.networking.k8s.io/v1',
            kind: 'HTTPRoute',
            metadata: { name: 'payments-shop', namespace: 'infra' },
          },
        },
      ],
      publicUrl: 'https://payments.shop.example.com/payments',
      notes: [
        "The route is served by the gateway's Dapr Shared (gateway-dapr in infra); it must exist.",
      ],
      dryRun: {
        accepted: true,
        results: [
          {
            apiVersion: 'gateway.networking.k8s.io/v1',
            kind: 'HTTPRoute',
            namespace: 'infra',
            name: 'payments-shop',
            source: 'deploy/httproute.yaml#7',
            outcome: 'would-create',
          },
        ],
        failures: [],
      },
    },
  },
  {
    title: 'A gRPC service with a Redis state store',
    description:
      "A gRPC app gets a GRPCRoute to the gateway's Dapr Shared on port 50001 that sets dapr-app-id; the Redis password comes from a Secret, never as a value.",
    input: {
      appId: 'ledger',
      namespace: 'shop',
      owner: 'group:default/team-shop',
      appPort: 50051,
      appProtocol: 'grpc',
      image: 'ghcr.io/acme/ledger:2.1.0',
      components: [
        {
          name: 'statestore',
          type: 'state.redis',
          metadata: [
            { name: 'redisHost', value: 'redis-master.shop.svc:6379' },
            {
              name: 'redisPassword',
              secretKeyRef: { name: 'redis', key: 'redis-password' },
            },
          ],
        },
      ],
      gateway: { name: 'public', namespace: 'infra' },
      hostnames: ['ledger.shop.example.com'],
      cluster: 'local',
    },
  },
];
