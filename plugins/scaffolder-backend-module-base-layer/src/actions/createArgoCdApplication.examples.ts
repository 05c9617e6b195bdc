import { actionExamples, EXAMPLE_REPO_URL } from './actionExample';

export const examples = actionExamples('base:application:create', {
  'Write the Argo CD Application of a wave 3 module': {
    name: 'data-lineage',
    wave: 3,
    environments: ['aws', 'dev', 'prod'],
    repoUrl: EXAMPLE_REPO_URL,
    branch: 'main',
  },
  'A module without the aws overlay: the Application deploys its first overlay':
    {
      name: 'feature-store',
      wave: 4,
      environments: ['dev', 'prod'],
      repoUrl: EXAMPLE_REPO_URL,
    },
});
