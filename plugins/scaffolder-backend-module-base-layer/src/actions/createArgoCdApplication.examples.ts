import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Write the Argo CD Application of a wave 3 module',
    example: yaml.stringify({
      steps: [
        {
          id: 'application',
          action: 'base:application:create',
          name: 'Argo CD Application',
          input: {
            name: 'data-lineage',
            wave: 3,
            environments: ['aws', 'dev', 'prod'],
            repoUrl: 'github.com?owner=vsem-svoim&repo=base-app-layer',
            branch: 'main',
          },
        },
      ],
    }),
  },
  {
    description:
      'A module without the aws overlay: the Application deploys its first overlay',
    example: yaml.stringify({
      steps: [
        {
          id: 'application',
          action: 'base:application:create',
          name: 'Argo CD Application',
          input: {
            name: 'feature-store',
            wave: 4,
            environments: ['dev', 'prod'],
            repoUrl: 'github.com?owner=vsem-svoim&repo=base-app-layer',
          },
        },
      ],
    }),
  },
];
