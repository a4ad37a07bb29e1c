import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Apply the manifests that daprise:service:render wrote to deploy/ to the default cluster.',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'daprise:cluster:apply',
          name: 'Apply to the cluster',
        },
      ],
    }),
  },
  {
    description:
      'Apply the manifests under service/deploy to the cluster named "staging", as field manager "team-checkout".',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'daprise:cluster:apply',
          name: 'Apply to staging',
          input: {
            path: 'service/deploy',
            cluster: 'staging',
            fieldManager: 'team-checkout',
          },
        },
      ],
    }),
  },
];
