import { actionExamples } from './actionExample';

export const examples = actionExamples('base:module:retire', {
  'Retire a module: delete its manifests, overlays, Application, IRSA role, Vault files and entity':
    {
      name: 'data-lineage',
    },
  'First step of a two-step retirement: mark the entity deprecated': {
    name: 'data-lineage',
    twoStep: true,
  },
});
