import { actionExamples } from './actionExample';

export const examples = actionExamples('base:module:update', {
  "Raise the prod overlay's requests of a module": {
    name: 'data-ingestion',
    resources: { prod: { cpu: '1', memory: '2Gi' } },
  },
  'Deploy a new image in dev only': {
    name: 'data-ingestion',
    images: { dev: 'ghcr.io/vsem-svoim/data-ingestion:1.5.0' },
  },
  'Stop shipping the dev overlay (its files are deleted by the pull request)': {
    name: 'data-ingestion',
    overlays: ['aws', 'prod'],
  },
});
