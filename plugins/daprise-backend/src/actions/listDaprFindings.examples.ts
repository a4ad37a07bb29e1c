import type { ActionsRegistryActionExample } from '@backstage/backend-plugin-api/alpha';

/** Examples of `list-dapr-findings`, shown to assistants with the action. */
export const examples: Array<ActionsRegistryActionExample<any, any>> = [
  {
    title: 'The worst findings of the fleet',
    description:
      'Critical and high findings, of apps and of objects no app uses.',
    input: { severity: ['critical', 'high'] },
  },
  {
    title: "A team's apps that break one rule",
    input: {
      owner: ['group:default/team-shop'],
      rule: ['dapr-shared-mtls-disabled'],
    },
  },
  {
    title: 'Everything found in one namespace of one cluster',
    input: { cluster: ['local'], namespace: ['shop'], limit: 20 },
  },
];
