import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace and register its catalog-info.yaml, as the last step of a template.',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'daprise:catalog:register-local',
          name: 'Register in the catalog',
        },
      ],
      output: {
        links: [
          {
            title: 'Open in catalog',
            icon: 'catalog',
            entityRef: '${{ steps.register.output.entityRef }}',
          },
        ],
      },
    }),
  },
  {
    description:
      'Register a catalog file that the template wrote elsewhere in the workspace.',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'daprise:catalog:register-local',
          name: 'Register in the catalog',
          input: { catalogInfoPath: 'service/catalog-info.yaml' },
        },
      ],
    }),
  },
];
