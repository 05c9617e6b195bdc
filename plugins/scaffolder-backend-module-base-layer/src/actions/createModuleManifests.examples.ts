import { actionExamples } from './actionExample';

export const examples = actionExamples('base:manifests:create', {
  'Write the manifests and the aws, dev and prod overlays': {
    name: 'data-lineage',
    wave: 3,
    environments: ['aws', 'dev', 'prod'],
    iamRoleArn: 'arn:aws:iam::123456789012:role/base-layer-data-lineage',
  },
  'Override the prod requests and the image, and write into a subdirectory of the workspace':
    {
      name: 'feature-store',
      wave: 3,
      environments: ['dev', 'prod'],
      resources: {
        dev: { cpu: '200m', memory: '512Mi' },
        prod: { cpu: '2', memory: '4Gi' },
      },
      image: 'ghcr.io/vsem-svoim/feature-store:1.4.0',
      iamRoleArn: 'arn:aws:iam::123456789012:role/feature-store',
      targetPath: 'gitops',
    },
});
