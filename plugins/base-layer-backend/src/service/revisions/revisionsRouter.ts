import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import Router from 'express-promise-router';
import {
  authorizeStatusRead,
  entityParams,
  parseOrThrow,
} from '../http/params';
import { RevisionHistoryService } from './RevisionHistoryService';

export interface RevisionsRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  revisions: RevisionHistoryService;
}

/**
 * `GET /entities/:kind/:namespace/:name/revisions`: the Argo CD history of
 * the entity's applications, read live, for the rollback template's revision
 * picker. Guarded by the status read permission.
 */
export async function createRevisionsRouter(
  options: RevisionsRouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, revisions } = options;
  const router = Router();

  router.get('/entities/:kind/:namespace/:name/revisions', async (req, res) => {
    await authorizeStatusRead(req, { httpAuth, permissions });
    const ref = parseOrThrow(entityParams, req.params, 'entity reference');
    res.json(await revisions.getRevisions(stringifyEntityRef(ref)));
  });

  return router;
}
