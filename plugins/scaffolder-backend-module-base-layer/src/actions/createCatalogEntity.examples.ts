import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Write the catalog entity of a new module',
    example: yaml.stringify({
      steps: [
        {
          id: 'entity',
          action: 'base:entity:create',
          name: 'Catalog entity',
          input: {
            name: 'data-lineage',
            description: 'Tracks the lineage of every dataset',
            owner: 'group:default/data-platform',
            wave: 3,
            environments: ['aws', 'dev', 'prod'],
          },
        },
      ],
    }),
  },
  {
    description: 'A production module shipping only the aws overlay',
    example: yaml.stringify({
      steps: [
        {
          id: 'entity',
          action: 'base:entity:create',
          name: 'Catalog entity',
          input: {
            name: 'feature-store',
            owner: 'ml-platform',
            lifecycle: 'production',
            wave: 3,
            environments: ['aws'],
          },
        },
      ],
    }),
  },
];
