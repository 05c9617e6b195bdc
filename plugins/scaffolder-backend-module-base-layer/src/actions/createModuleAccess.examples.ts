import { actionExamples, EXAMPLE_MODULE } from './actionExample';

export const examples = actionExamples('base:access:create', {
  'Write the IRSA role and the Vault policy and role of a new module':
    EXAMPLE_MODULE,
  'Only the Vault policy and role; the module uses an existing IAM role': {
    name: 'feature-store',
    wave: 3,
    environments: ['aws'],
    irsa: false,
  },
});
