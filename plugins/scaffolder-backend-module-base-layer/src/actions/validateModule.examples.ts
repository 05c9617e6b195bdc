import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Validate a new wave 3 module shipping every overlay',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'base:module:validate',
          name: 'Validate the module',
          input: {
            name: 'data-lineage',
            description: 'Tracks the lineage of every dataset',
            owner: 'group:default/data-platform',
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
      'Validate a module with its own IRSA role, larger prod requests and only the dev and prod overlays',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'base:module:validate',
          name: 'Validate the module',
          input: {
            name: 'feature-store',
            owner: 'group:default/ml-platform',
            wave: '3',
            environments: ['dev', 'prod'],
            resources: { prod: { cpu: '2', memory: '4Gi' } },
            iamRoleArn: 'arn:aws:iam::123456789012:role/feature-store',
            repoUrl: 'github.com?owner=vsem-svoim&repo=base-app-layer',
          },
        },
      ],
    }),
  },
];
