import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Describe the pull request of the whole workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'describe',
          action: 'base:pull-request:describe',
          name: 'Describe the pull request',
          input: {
            summary: 'Adds the BASE module `data-lineage` in wave 3.',
          },
        },
      ],
    }),
  },
  {
    description: 'Describe only what a subdirectory of the workspace publishes',
    example: yaml.stringify({
      steps: [
        {
          id: 'describe',
          action: 'base:pull-request:describe',
          name: 'Describe the pull request',
          input: { sourcePath: 'gitops' },
        },
      ],
    }),
  },
];
