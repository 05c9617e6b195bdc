import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, isError } from '@backstage/errors';
import { HistoryResponse } from '@internal/plugin-base-layer-common';
import express, { ErrorRequestHandler, Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { authorizeStatusRead, entityParams, parseOrThrow } from './http/params';
import { EntityStatusService } from './EntityStatusService';
import { WaveHistoryStore } from './history/WaveHistoryStore';
import { WaveStatusService } from './waves/WaveStatusService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  waves: WaveStatusService;
  entityStatus: EntityStatusService;
  history: WaveHistoryStore;
}

const waveIdParam = z.coerce
  .number({ error: 'wave id must be a number' })
  .int('wave id must be an integer')
  .nonnegative('wave id must not be negative');

const historyQuery = z
  .object({
    wave: z
      .string()
      .regex(/^\d+$/, 'must be a non-negative integer')
      .transform(Number)
      .optional(),
    limit: z
      .string()
      .regex(/^\d+$/, 'must be a positive integer')
      .transform(Number)
      .pipe(z.number().int().min(1).max(1000, 'must be at most 1000'))
      .optional(),
    since: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 date-time' })
      .transform(value => new Date(value))
      .optional(),
  })
  .strict();

/** `Retry-After` of a 503 whose error does not say when to retry. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * Adds a `Retry-After` header to every 503 of these routes: the error's
 * `retryAfterSeconds` when it has one, else a default. The error handler of
 * the backend then writes the status and body, keeping the header.
 */
const retryAfterOnUnavailable: ErrorRequestHandler = (
  error,
  _req,
  res,
  next,
) => {
  if (
    !res.headersSent &&
    isError(error) &&
    error.name === 'ServiceUnavailableError'
  ) {
    const seconds = (error as { retryAfterSeconds?: unknown })
      .retryAfterSeconds;
    res.setHeader(
      'Retry-After',
      String(
        typeof seconds === 'number' && seconds > 0
          ? Math.ceil(seconds)
          : DEFAULT_RETRY_AFTER_SECONDS,
      ),
    );
  }
  next(error);
};

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, waves, entityStatus, history } = options;
  const router = Router();
  router.use(express.json());

  const authorizeRead = (req: Request) =>
    authorizeStatusRead(req, { httpAuth, permissions });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/waves', async (req, res) => {
    await authorizeRead(req);
    const body = await waves.getWavesBody();
    res.set({ ETag: body.etag, 'Cache-Control': 'private, no-cache' });
    res.vary('Accept-Encoding');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/json');
    // Sent already gzipped, so the root router's compression leaves it be.
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      res.set('Content-Encoding', 'gzip').send(body.gzip());
    } else {
      res.send(body.json());
    }
  });

  router.get('/waves/:id', async (req, res) => {
    await authorizeRead(req);
    const parsed = waveIdParam.safeParse(req.params.id);
    if (!parsed.success) {
      throw new InputError(
        `Invalid wave id '${req.params.id}': ${parsed.error.issues[0].message}`,
      );
    }
    res.json(await waves.getWave(parsed.data));
  });

  router.get('/entities/:kind/:namespace/:name/status', async (req, res) => {
    await authorizeRead(req);
    const ref = parseOrThrow(entityParams, req.params, 'entity reference');
    res.json(await entityStatus.getStatus(stringifyEntityRef(ref)));
  });

  router.get('/history', async (req, res) => {
    await authorizeRead(req);
    const query = parseOrThrow(historyQuery, req.query, 'history query');
    const body: HistoryResponse = {
      items: await history.list({
        wave: query.wave,
        since: query.since,
        limit: query.limit ?? 100,
      }),
    };
    res.json(body);
  });

  router.use(retryAfterOnUnavailable);

  return router;
}
