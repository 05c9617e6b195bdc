import { actionExamples } from './actionExample';

export const examples = actionExamples('base:module:rollback', {
  'Roll the module back to a commit from its Argo CD history': {
    entityRef: 'component:default/data-ingestion',
    revision: '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39',
  },
  'Roll a module back to a release tag, by module name': {
    name: 'data-ingestion',
    revision: 'v1.4.2',
  },
});
