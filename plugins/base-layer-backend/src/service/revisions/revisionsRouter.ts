import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { baseLayerStatusReadPermission } from '@internal/plugin-base-layer-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { RevisionHistoryService } from './RevisionHistoryService';

export interface RevisionsRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  revisions: RevisionHistoryService;
}

const namePart = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a valid entity name part');

const entityParams = z.object({
  kind: namePart,
  namespace: namePart,
  name: namePart,
});

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
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: baseLayerStatusReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Unauthorized to read BASE layer status');
    }
    const parsed = entityParams.safeParse(req.params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        `Invalid entity reference: ${issue.path.join('.')}: ${issue.message}`,
      );
    }
    res.json(await revisions.getRevisions(stringifyEntityRef(parsed.data)));
  });

  return router;
}
