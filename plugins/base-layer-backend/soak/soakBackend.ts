/*
 * The backend process of `yarn soak` and `yarn bench:memory`, forked by
 * harness.ts. It is the real backend (`createBackend()` from
 * @backstage/backend-defaults: its HTTP stack with helmet, CORS and
 * compression, static-token auth, the permission backend with the allow-all
 * policy, the scheduler, cache and database) running the base-layer plugin
 * against an in-memory catalog. The parent sends the config and the catalog
 * over IPC; the process answers with its port, its memory and the
 * unhandled rejections it saw.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

export type ToBackend =
  | {
      type: 'start';
      config: JsonObject;
      entities: Entity[];
      /** Without the base-layer plugin: the baseline of `bench:memory`. */
      engine: boolean;
    }
  | { type: 'memory'; gc: boolean }
  | { type: 'stop' };

export type FromBackend =
  | { type: 'started' }
  | { type: 'failed'; error: string }
  | {
      type: 'memory';
      rss: number;
      heapUsed: number;
      heapTotal: number;
      external: number;
      unhandledRejections: number;
      rejections: string[];
    }
  | { type: 'stopped' };

const send = (message: FromBackend) => process.send?.(message);

let unhandledRejections = 0;
const rejections: string[] = [];
process.on('unhandledRejection', reason => {
  unhandledRejections++;
  if (rejections.length < 10) {
    rejections.push(
      reason instanceof Error ? reason.stack ?? reason.message : String(reason),
    );
  }
});

let backend: ReturnType<typeof createBackend> | undefined;

async function start(message: Extract<ToBackend, { type: 'start' }>) {
  backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () => new ConfigReader(message.config, 'soak'),
    }),
  );
  backend.add(catalogServiceMock.factory({ entities: message.entities }));
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );
  if (message.engine) {
    backend.add(import('../src'));
  }
  await backend.start();
}

process.on('message', (message: ToBackend) => {
  if (message.type === 'start') {
    start(message).then(
      () => send({ type: 'started' }),
      error => send({ type: 'failed', error: String(error?.stack ?? error) }),
    );
  } else if (message.type === 'memory') {
    if (message.gc) {
      // Twice: the first pass may only queue finalizers.
      (global as { gc?: () => void }).gc?.();
      (global as { gc?: () => void }).gc?.();
    }
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    send({
      type: 'memory',
      rss,
      heapUsed,
      heapTotal,
      external,
      unhandledRejections,
      rejections,
    });
  } else if (message.type === 'stop') {
    Promise.resolve(backend?.stop())
      .catch(() => {})
      .finally(() => {
        send({ type: 'stopped' });
        process.exit(0);
      });
  }
});

process.on('disconnect', () => process.exit(0));
