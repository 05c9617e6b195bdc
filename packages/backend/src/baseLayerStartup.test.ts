import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import baseLayerPlugin from '@internal/plugin-base-layer-backend';
import {
  buildApplication,
  LoopbackArgoCd,
  startLoopbackArgoCd,
} from '@internal/plugin-base-layer-backend/testUtils';
import { parseAllDocuments } from 'yaml';
import { baseLayerConfig } from './__testUtils__/baseLayerConfig';

/**
 * A replica starting before the catalog has ingested its locations, as every
 * new replica of a rolling deploy does: the real catalog backend and the
 * BASE layer engine in one backend, the catalog's location file (the
 * platform's catalog/) written only after the backend has started, and one
 * Argo CD Application per module whose wave comes from its catalog entity
 * only. The module page must never answer 404 for an entity the catalog
 * has, and the applications must be matched to their entities a few seconds
 * after the catalog has them, not at the next scheduled refresh (a minute).
 */

const REPO = path.resolve(__dirname, '../../..');
const CATALOG = path.join(REPO, 'catalog');
/** When the catalog files appear, after the backend has started. */
const CATALOG_WRITTEN_AFTER_MS = 2_000;
/** How soon after the catalog has every entity the apps must be matched. */
const MATCHED_WITHIN_MS = 5_000;

type CatalogEntity = {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
};

const catalogFiles = Object.fromEntries(
  readdirSync(CATALOG)
    .filter(f => f.endsWith('.yaml'))
    .map(f => [f, readFileSync(path.join(CATALOG, f), 'utf8')]),
);
/** The catalog's modules with their own Argo CD Application and wave. */
const modules = Object.values(catalogFiles)
  .flatMap(text => parseAllDocuments(text).map(d => d.toJS() as CatalogEntity))
  .filter(
    e =>
      e?.kind === 'Component' &&
      e.metadata.annotations?.['argocd/app-name'] &&
      e.metadata.annotations?.['base-layer.io/wave'],
  )
  .map(e => ({
    ref: `component:default/${e.metadata.name}`,
    app: e.metadata.annotations!['argocd/app-name'],
    wave: Number(e.metadata.annotations!['base-layer.io/wave']),
  }));

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('the BASE layer engine starting before the catalog has ingested', () => {
  jest.setTimeout(90_000);
  const mockDir = createMockDirectory();
  let argocd: LoopbackArgoCd;
  let stopPolling = async () => {};

  beforeAll(async () => {
    argocd = await startLoopbackArgoCd({
      // The wave comes from the entity only: no label, no sync-wave.
      applications: modules.map(m =>
        buildApplication({ name: m.app, waveAs: 'none' }),
      ),
    });
  });
  afterEach(() => stopPolling());
  afterAll(async () => {
    await argocd?.stop();
  });

  it('answers 503 with Retry-After, never 404, and matches every application once the catalog has it', async () => {
    expect(modules.length).toBeGreaterThan(10);
    expect(modules.map(m => m.ref)).toContain('component:default/vault');
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        baseLayerPlugin,
        // The real scheduler: the engine's catalog refresh runs every minute.
        schedulerServiceFactory,
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
                    'Resource',
                    'Location',
                    'Group',
                    'User',
                  ],
                },
              ],
              // Not there yet: written once the backend has started.
              locations: [
                { type: 'file', target: mockDir.resolve('catalog/all.yaml') },
              ],
            },
            baseLayer: baseLayerConfig(argocd),
          },
        }),
      ],
    });
    const { port } = server.address() as { port: number };
    const started = Date.now();
    const get = (route: string) =>
      fetch(`http://localhost:${port}/api/${route}`, {
        headers: { authorization: mockCredentials.user.header() },
      });

    // The module page of vault, polled from the start.
    const observed: Array<{ at: number; status: number; retryAfter?: string }> =
      [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const at = Date.now() - started;
        try {
          const res = await get(
            'base-layer/entities/component/default/vault/status',
          );
          await res.arrayBuffer();
          observed.push({
            at,
            status: res.status,
            retryAfter: res.headers.get('retry-after') ?? undefined,
          });
        } catch (error) {
          // A network error, recorded as status 0.
          observed.push({ at, status: 0, retryAfter: String(error) });
        }
        await sleep(100);
      }
    })();
    stopPolling = async () => {
      polling = false;
      await poller;
    };

    await sleep(CATALOG_WRITTEN_AFTER_MS);
    mockDir.setContent({ catalog: catalogFiles });

    // Ingestion is done when the catalog serves every module.
    const refs = modules.map(m => m.ref).sort();
    let ingestedAt: number | undefined;
    while (ingestedAt === undefined) {
      const res = await get(
        'catalog/entities/by-query?filter=metadata.annotations.argocd/app-name&fields=kind,metadata.name&limit=1000',
      );
      const { items } = (await res.json()) as { items: CatalogEntity[] };
      const ingested = (items ?? [])
        .map(e => `${e.kind}:default/${e.metadata.name}`.toLocaleLowerCase())
        .sort();
      if (refs.every(ref => ingested.includes(ref))) {
        ingestedAt = Date.now() - started;
      } else if (Date.now() - started > 45_000) {
        throw new Error(`The catalog did not ingest ${refs.join(', ')}`);
      }
      await sleep(100);
    }

    // Every application matched to its entity, with the entity's wave.
    let matchedAt: number | undefined;
    let last: unknown;
    while (matchedAt === undefined) {
      const res = await get('base-layer/waves');
      if (res.status === 200) {
        const body = await res.json();
        const apps = [
          ...body.waves.flatMap((w: any) => w.applications),
          ...body.unassigned,
        ];
        last = {
          unassigned: body.unassigned.map((a: any) => a.name),
          unmatched: apps
            .filter((a: any) => !a.entityRef)
            .map((a: any) => a.name),
        };
        const matched = modules.every(m =>
          body.waves.some(
            (w: any) =>
              w.id === m.wave &&
              w.applications.some(
                (a: any) => a.name === m.app && a.entityRef === m.ref,
              ),
          ),
        );
        if (matched && body.unassigned.length === 0) {
          matchedAt = Date.now() - started;
          break;
        }
      } else {
        await res.arrayBuffer();
      }
      if (Date.now() - started > ingestedAt + MATCHED_WITHIN_MS) {
        throw new Error(
          `Applications not matched ${MATCHED_WITHIN_MS} ms after the catalog ingested them: ${JSON.stringify(
            last,
          )}`,
        );
      }
      await sleep(100);
    }
    expect(matchedAt - ingestedAt).toBeLessThan(MATCHED_WITHIN_MS);

    await stopPolling();
    // Before the catalog had vault: 503 with Retry-After, never a 404.
    expect(observed.filter(o => o.status === 404)).toEqual([]);
    const early = observed.filter(o => o.at < CATALOG_WRITTEN_AFTER_MS);
    expect(early.length).toBeGreaterThan(0);
    for (const o of early) {
      expect(o).toEqual({
        at: expect.any(Number),
        status: 503,
        retryAfter: expect.stringMatching(/^[1-9]\d*$/),
      });
    }
    expect(observed.filter(o => ![200, 503].includes(o.status))).toEqual([]);
    expect(observed[observed.length - 1].status).toBe(200);

    // Once the catalog has settled, an entity it does not have is a 404;
    // before, a 503 with Retry-After.
    const unknown: Array<{ status: number; retryAfter: string | null }> = [];
    while (
      unknown[unknown.length - 1]?.status !== 404 &&
      Date.now() - started < 60_000
    ) {
      await sleep(500);
      const res = await get(
        'base-layer/entities/component/default/nope/status',
      );
      await res.arrayBuffer();
      unknown.push({
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
      });
    }
    expect(unknown[unknown.length - 1]).toEqual({
      status: 404,
      retryAfter: null,
    });
    expect(unknown.slice(0, -1)).toEqual(
      unknown.slice(0, -1).map(() => ({
        status: 503,
        retryAfter: expect.stringMatching(/^[1-9]\d*$/),
      })),
    );
  });
});
