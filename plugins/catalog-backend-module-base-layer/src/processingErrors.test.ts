import { TestBackend } from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import path from 'node:path';
import {
  PublishedProcessingError,
  createTestDatabases,
  startCatalogBackend,
  waitFor,
} from './__testUtils__/startCatalogBackend';

const FIXTURE = path.resolve(__dirname, '__fixtures__/misordered/all.yaml');

describe('processing errors of a misordered catalog', () => {
  jest.setTimeout(60_000);
  const databases = createTestDatabases();

  let backend: TestBackend;
  let started: Awaited<ReturnType<typeof startCatalogBackend>>;

  const errorsOf = (entityRef: string) =>
    started.processingErrors
      .filter((e: PublishedProcessingError) => e.entity === entityRef)
      .map(e => e.message);

  beforeAll(async () => {
    started = await startCatalogBackend(FIXTURE, databases);
    backend = started.backend;
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('names both entities and the field of an inverted dependency', async () => {
    const messages = await waitFor(async () => {
      const found = errorsOf('component:default/vault');
      return found.length ? found : undefined;
    });
    expect(messages).toContain(
      'Inverted dependency: component:default/vault is in wave 0 but its spec.dependsOn[0] names component:default/data-ingestion, which is in the later wave 3; an entity may only depend on entities in its own or an earlier wave',
    );
  });

  it('names the entity and the fields of unsafe link data', async () => {
    const messages = await waitFor(async () => {
      const found = errorsOf('component:default/bad-links');
      return found.length >= 2 ? found : undefined;
    });
    expect(messages).toEqual(
      expect.arrayContaining([
        'component:default/bad-links has unsafe link data in metadata.links[0].url: "javascript:alert(document.cookie)" is not an http(s) URL',
        'component:default/bad-links has unsafe link data in metadata.annotations["base-layer.io/mlflow-experiment"]: "javascript:alert(document.domain)" is not an http(s) URL or a plain identifier',
      ]),
    );
  });

  it('keeps processing the rest of the catalog', async () => {
    const refs = await waitFor(async () => {
      const current = (await started.getEntities()).map(e =>
        stringifyEntityRef(e),
      );
      return current.includes('component:default/healthy') &&
        current.includes('component:default/data-ingestion')
        ? current
        : undefined;
    });
    expect(refs).not.toContain('component:default/bad-links');
    expect(errorsOf('component:default/healthy')).toEqual([]);
    expect(errorsOf('component:default/data-ingestion')).toEqual([]);
  });
});
