import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Render a service with the defaults: a DaemonSet Dapr Shared with mTLS, no components, published through Gateway infra/public at /<appId>, with network policies.',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'daprise:service:render',
          name: 'Render the service',
          input: {
            appId: 'payments',
            namespace: 'shop',
            owner: 'group:default/team-payments',
            appPort: 8080,
            image: 'ghcr.io/acme/payments:1.0.0',
            gateway: { name: 'public', namespace: 'infra' },
            hostnames: ['payments.shop.example.com'],
          },
        },
      ],
    }),
  },
  {
    description:
      'Render a service with a Dapr Shared Deployment of two replicas, a Redis state store whose password comes from a Secret, and Kafka pub/sub, into the folder service/.',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'daprise:service:render',
          name: 'Render the service',
          input: {
            appId: 'checkout',
            namespace: 'shop',
            owner: 'group:default/team-checkout',
            system: 'system:default/webshop',
            description: 'Checks out carts',
            appPort: 3000,
            appProtocol: 'http',
            image: 'ghcr.io/acme/checkout:2.3.1',
            daprShared: {
              strategy: 'deployment',
              replicas: 2,
              daprdVersion: '1.16.0',
              mtls: true,
            },
            components: [
              {
                name: 'checkout-state',
                type: 'state.redis',
                metadata: [
                  { name: 'redisHost', value: 'redis-master.shop.svc:6379' },
                  {
                    name: 'redisPassword',
                    secretKeyRef: { name: 'redis', key: 'redis-password' },
                  },
                ],
              },
              {
                name: 'checkout-events',
                type: 'pubsub.kafka',
                metadata: [
                  { name: 'brokers', value: 'kafka.infra.svc:9092' },
                  { name: 'authType', value: 'none' },
                ],
              },
            ],
            gateway: {
              name: 'public',
              namespace: 'infra',
              gatewayAppId: 'gateway',
            },
            hostnames: ['checkout.shop.example.com'],
            pathPrefix: '/checkout',
            networkPolicy: true,
            targetPath: 'service',
          },
        },
      ],
    }),
  },
];
