import type { ActionsRegistryActionExample } from '@backstage/backend-plugin-api/alpha';

/** Examples of `get-dapr-app`, shown to assistants with the action. */
export const examples: Array<ActionsRegistryActionExample<any, any>> = [
  {
    title: 'The Dapr view of a catalog entity',
    description:
      "Where the entity's app-id runs (from its dapr.io/app-id annotation), with its Dapr Shared instances, components, routes and findings.",
    input: { entityRef: 'component:default/orders' },
  },
  {
    title: 'An app-id in a namespace of a cluster',
    description:
      'For an app that has no catalog entity, or to pick one of its namespaces.',
    input: { cluster: 'local', namespace: 'shop', appId: 'orders' },
    output: {
      apps: [
        {
          key: 'local/shop/orders',
          cluster: 'local',
          namespace: 'shop',
          appId: 'orders',
          score: 100,
          findings: [],
        },
      ],
      observedAt: '2026-12-01T20:00:00.000Z',
    },
  },
];
