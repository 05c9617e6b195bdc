import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ApplicationHistoryResponse } from '@internal/plugin-base-layer-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  authorizeStatusRead,
  entityParams,
  parseOrThrow,
} from '../http/params';
import { WaveHistoryStore } from './WaveHistoryStore';

export interface HistoryRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  history: WaveHistoryStore;
}

const entityHistoryQuery = z
  .object({
    limit: z
      .string()
      .regex(/^\d+$/, 'must be a positive integer')
      .transform(Number)
      .pipe(z.number().int().min(1).max(1000, 'must be at most 1000'))
      .optional(),
  })
  .strict();

/**
 * `GET /entities/:kind/:namespace/:name/history`: the recorded sync and
 * health transitions of the entity's applications, newest first. Guarded by
 * the status read permission.
 */
export async function createHistoryRouter(
  options: HistoryRouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, history } = options;
  const router = Router();

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    await authorizeStatusRead(req, { httpAuth, permissions });
    const ref = parseOrThrow(entityParams, req.params, 'entity reference');
    const query = parseOrThrow(entityHistoryQuery, req.query, 'history query');
    const body: ApplicationHistoryResponse = {
      items: await history.listApplicationTransitions({
        entityRef: stringifyEntityRef(ref),
        limit: query.limit ?? 100,
      }),
    };
    res.json(body);
  });

  return router;
}
