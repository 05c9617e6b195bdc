import { actionExamples, EXAMPLE_MODULE } from './actionExample';

export const examples = actionExamples('base:entity:create', {
  'Write the catalog entity of a new module': EXAMPLE_MODULE,
  'A production module shipping only the aws overlay': {
    name: 'feature-store',
    owner: 'ml-platform',
    lifecycle: 'production',
    wave: 3,
    environments: ['aws'],
  },
});
