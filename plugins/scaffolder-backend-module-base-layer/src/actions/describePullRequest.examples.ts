import { actionExamples } from './actionExample';

export const examples = actionExamples('base:pull-request:describe', {
  'Describe the pull request of the whole workspace': {
    summary: 'Adds the BASE module `data-lineage` in wave 3.',
  },
  'Describe only what a subdirectory of the workspace publishes': {
    sourcePath: 'gitops',
  },
});
