import {
  actionExamples,
  EXAMPLE_MODULE,
  EXAMPLE_REPO_URL,
} from './actionExample';

export const examples = actionExamples('base:entity:create', {
  'Write the catalog entity of a new module': {
    ...EXAMPLE_MODULE,
    repoUrl: EXAMPLE_REPO_URL,
  },
  'A production advanced-processing module using Kafka, shipping only the aws overlay':
    {
      name: 'feature-store',
      owner: 'group:default/advanced-processing-team',
      lifecycle: 'production',
      moduleGroup: 'advanced-processing',
      dependsOn: ['resource:default/kafka'],
      wave: 3,
      environments: ['aws'],
      repoUrl: EXAMPLE_REPO_URL,
    },
});
