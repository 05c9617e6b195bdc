import {
  actionExamples,
  EXAMPLE_MODULE,
  EXAMPLE_REPO_URL,
} from './actionExample';

export const examples = actionExamples('base:module:validate', {
  'Validate a new wave 3 module shipping every overlay': {
    ...EXAMPLE_MODULE,
    repoUrl: EXAMPLE_REPO_URL,
    branch: 'main',
  },
  'Validate a module with an existing IAM role (no IRSA role in the pull request), larger prod requests and only the dev and prod overlays':
    {
      name: 'feature-store',
      owner: 'group:default/ml-platform',
      wave: '3',
      environments: ['dev', 'prod'],
      resources: { prod: { cpu: '2', memory: '4Gi' } },
      iamRoleArn: 'arn:aws:iam::123456789012:role/feature-store',
      irsa: false,
      repoUrl: EXAMPLE_REPO_URL,
    },
});
