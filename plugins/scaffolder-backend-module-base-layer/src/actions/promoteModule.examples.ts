import { actionExamples } from './actionExample';

export const examples = actionExamples('base:module:promote', {
  'Give prod the image dev runs, once dev is Healthy': {
    name: 'data-ingestion',
  },
  'Promote although dev is not Healthy (recorded in the pull request)': {
    name: 'data-ingestion',
    override: true,
  },
});
