import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Write the manifests and the aws, dev and prod overlays',
    example: yaml.stringify({
      steps: [
        {
          id: 'manifests',
          action: 'base:manifests:create',
          name: 'Manifests and overlays',
          input: {
            name: 'data-lineage',
            wave: 3,
            environments: ['aws', 'dev', 'prod'],
            iamRoleArn:
              'arn:aws:iam::123456789012:role/base-layer-data-lineage',
          },
        },
      ],
    }),
  },
  {
    description:
      'Override the prod requests and the image, and write into a subdirectory of the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'manifests',
          action: 'base:manifests:create',
          name: 'Manifests and overlays',
          input: {
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
        },
      ],
    }),
  },
];
