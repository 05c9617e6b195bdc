import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { LoopbackGithub } from './loopbackGithub';
import { testWaves } from './config';

/** The templates of this repository, as the catalog would serve them. */
const TEMPLATES_ROOT = path.resolve(__dirname, '../../../../templates');
export const TEMPLATE_DIR = path.join(TEMPLATES_ROOT, 'create-base-module');
export const ROLLBACK_TEMPLATE_DIR = path.join(
  TEMPLATES_ROOT,
  'rollback-base-module',
);

/** Reads a template entity and every file of its directory. */
export async function readTemplate(templateDir = TEMPLATE_DIR): Promise<{
  entity: Entity;
  directoryContents: Array<{ path: string; base64Content: string }>;
}> {
  const templatePath = path.join(templateDir, 'template.yaml');
  const entity = yaml.parse(await fs.readFile(templatePath, 'utf8'));
  entity.metadata.namespace = 'default';
  entity.metadata.annotations = {
    'backstage.io/managed-by-location': `file:${templatePath}`,
    'backstage.io/managed-by-origin-location': `file:${templatePath}`,
  };
  const directoryContents: Array<{ path: string; base64Content: string }> = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else {
        directoryContents.push({
          path: path.relative(templateDir, full).split(path.sep).join('/'),
          base64Content: (await fs.readFile(full)).toString('base64'),
        });
      }
    }
  };
  await walk(templateDir);
  return { entity, directoryContents };
}

/** The scaffolder `repoUrl` of the loopback GitHub's repository. */
export const repoUrlOf = (github: LoopbackGithub) =>
  `${github.host}?owner=${github.owner}&repo=${github.repo}`;

/** Form values for the template, aimed at the loopback GitHub. */
export function templateValues(github: LoopbackGithub, name = 'data-lineage') {
  return {
    name,
    description: 'Tracks the lineage of every dataset',
    owner: 'group:default/platform-team',
    wave: 3,
    environments: ['aws', 'dev', 'prod'],
    devCpu: '100m',
    devMemory: '256Mi',
    prodCpu: '1',
    prodMemory: '2Gi',
    // RepoUrlPicker's allowedHosts is a form restriction; the API takes
    // the loopback host as long as an integration is configured for it.
    repoUrl: repoUrlOf(github),
    branch: 'main',
  };
}

/**
 * Starts the real scaffolder backend with this module, the GitHub module
 * and an in-memory catalog, configured to talk to the loopback GitHub.
 */
export async function startScaffolder(
  github: LoopbackGithub,
  options: {
    entities?: Entity[];
    /** More backend features, such as loopback plugins the actions call. */
    features?: BackendFeature[];
  } = {},
) {
  const templates = await Promise.all(
    [TEMPLATE_DIR, ROLLBACK_TEMPLATE_DIR].map(async dir =>
      readTemplate(dir).then(t => t.entity),
    ),
  );
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-scaffolder-backend'),
      import('@backstage/plugin-scaffolder-backend-module-github'),
      import('..'),
      ...(options.features ?? []),
      catalogServiceMock.factory({
        entities: [...templates, ...(options.entities ?? [])],
      }),
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              {
                host: github.host,
                apiBaseUrl: github.apiBaseUrl,
                token: 'test',
              },
            ],
          },
          baseLayer: {
            waves: testWaves,
            scaffolder: {
              awsAccountId: '123456789012',
              oidcProvider:
                'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE0123456789',
              gitops: { repoUrl: repoUrlOf(github), branch: 'main' },
            },
          },
        },
      }),
    ],
  });
  return {
    backend,
    server: backend.server,
    authorization: mockCredentials.user.header(),
  };
}
