import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleBaseLayer } from '../module';

/** The wave plan of app-config.yaml (`baseLayer.waves`). */
export const APP_CONFIG_WAVES = [
  { id: 0, name: 'Core services' },
  { id: 1, name: 'Shared services' },
  { id: 2, name: 'Orchestration' },
  { id: 3, name: 'BASE layer' },
  { id: 4, name: 'Applications' },
];

/** An error the catalog published for one entity it processed. */
export interface PublishedProcessingError {
  entity: string;
  message: string;
}

/**
 * Creates the SQLite databases of the test file. Call it at the top level of
 * the test file: TestDatabases closes its connections after the tests, which
 * the default in-memory database of startTestBackend does not.
 */
export function createTestDatabases() {
  return TestDatabases.create({ ids: ['SQLITE_3'] });
}

/**
 * Starts the real catalog backend with this module, loading one catalog file
 * the way app-config.yaml loads catalog/all.yaml, and reprocessing every
 * second so that checks depending on other entities settle quickly.
 */
export async function startCatalogBackend(
  catalogFile: string,
  databases: TestDatabases,
) {
  const knex = await databases.init('SQLITE_3');
  const processingErrors: PublishedProcessingError[] = [];
  // The catalog publishes processing errors on this topic; it is what
  // @backstage/plugin-catalog-backend-module-logs turns into log lines.
  const events = mockServices.events.mock({
    async publish({ topic, eventPayload }) {
      if (topic !== 'experimental.catalog.errors') {
        return;
      }
      const payload = eventPayload as { entity: string; errors: Error[] };
      for (const error of payload.errors) {
        processingErrors.push({
          entity: payload.entity,
          message: error.message,
        });
      }
    },
  });

  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleBaseLayer,
      events.factory,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            processingInterval: { seconds: 1 },
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'Domain',
                  'API',
                  'Resource',
                  'Location',
                  'Group',
                  'User',
                ],
              },
            ],
            locations: [{ type: 'file', target: catalogFile }],
          },
          baseLayer: { waves: APP_CONFIG_WAVES },
        },
      }),
    ],
  });

  const getEntities = async (): Promise<Entity[]> => {
    const response = await request(backend.server).get('/api/catalog/entities');
    if (response.status !== 200) {
      throw new Error(`GET /api/catalog/entities answered ${response.status}`);
    }
    return response.body;
  };

  return { backend, getEntities, processingErrors };
}

/** Polls until the condition holds, or fails with the last reason. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 250 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result !== undefined) {
        return result;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms${
          lastError ? `: ${String(lastError)}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
