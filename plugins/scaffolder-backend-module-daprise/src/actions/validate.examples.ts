import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Check the manifests that daprise:service:render wrote to deploy/ against the default cluster.',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'daprise:cluster:validate',
          name: 'Check against the cluster',
        },
      ],
    }),
  },
  {
    description:
      'Check the manifests of a service rendered into service/ against the cluster named "staging".',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'daprise:cluster:validate',
          name: 'Check against staging',
          input: { path: 'service/deploy', cluster: 'staging' },
        },
      ],
    }),
  },
];
