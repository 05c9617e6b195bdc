import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ApplicationActionResult,
  applicationRefreshRequestSchema,
  applicationSyncRequestSchema,
  waveSyncRequestSchema,
} from '@internal/plugin-base-layer-common';
import { JsonObject } from '@backstage/types';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { entityParams, parseOrThrow } from '../http/params';
import {
  ActionTarget,
  RolloutActionRequest,
  RolloutActionService,
} from './RolloutActionService';

export interface ActionsRouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  actions: RolloutActionService;
}

const waveParams = z.object({
  id: z
    .string()
    .regex(/^\d+$/, 'must be a non-negative integer')
    .transform(Number),
});

/** A JSON body, or `{}` when the request has none. */
const bodyOf = (req: Request): unknown => req.body ?? {};

/** What an audited failure was: refused by whom, or failed upstream. */
function resultOf(error: unknown): string {
  switch ((error as Error).name) {
    case 'InputError':
      return 'invalid';
    case 'NotAllowedError':
      return 'denied';
    case 'NotFoundError':
      return 'not-found';
    case 'ConflictError':
      return 'conflict';
    default:
      return 'failed';
  }
}

const toJson = (results: ActionTarget[]) =>
  results.map(r => JSON.parse(JSON.stringify(r)) as JsonObject);

/**
 * The rollout action routes: refresh and sync of an entity's applications,
 * sync of a wave. Every call is audited (allowed, refused or failed) with
 * who, what, which applications, the result and whether it was forced.
 */
export async function createActionsRouter(
  options: ActionsRouterOptions,
): Promise<express.Router> {
  const { httpAuth, auditor, actions } = options;
  const router = Router();
  router.use(express.json());

  async function handle(
    req: Request,
    res: express.Response,
    eventId: string,
    readRequest: () => RolloutActionRequest,
  ) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    let applications: ActionTarget[] = [];
    let meta: JsonObject = {};
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
    });
    try {
      const request = readRequest();
      meta = {
        action: request.action,
        ...('waveId' in request
          ? { waveId: request.waveId }
          : { entityRef: request.entityRef }),
        ...('options' in request && {
          force: request.options.force ?? false,
          prune: request.options.prune ?? false,
          ...('revision' in request.options &&
            request.options.revision && {
              revision: request.options.revision,
            }),
        }),
      };
      const response = await actions.run(request, credentials, apps => {
        applications = apps;
      });
      await event.success({
        meta: {
          ...meta,
          result: 'ok',
          applications: toJson(response.results),
        },
      });
      res.json(response);
    } catch (error) {
      const results = (error as { results?: ApplicationActionResult[] })
        .results;
      await event.fail({
        error: error as Error,
        meta: {
          ...meta,
          result: resultOf(error),
          applications: toJson(results ?? applications),
        },
      });
      throw error;
    }
  }

  router.post('/entities/:kind/:namespace/:name/refresh', (req, res) =>
    handle(req, res, 'application-refresh', () => {
      const ref = parseOrThrow(entityParams, req.params, 'entity reference');
      parseOrThrow(
        applicationRefreshRequestSchema,
        bodyOf(req),
        'refresh request',
      );
      return { action: 'refresh', entityRef: stringifyEntityRef(ref) };
    }),
  );

  router.post('/entities/:kind/:namespace/:name/sync', (req, res) =>
    handle(req, res, 'application-sync', () => {
      const ref = parseOrThrow(entityParams, req.params, 'entity reference');
      return {
        action: 'sync',
        entityRef: stringifyEntityRef(ref),
        options: parseOrThrow(
          applicationSyncRequestSchema,
          bodyOf(req),
          'sync request',
        ),
      };
    }),
  );

  router.post('/waves/:id/sync', (req, res) =>
    handle(req, res, 'wave-sync', () => ({
      action: 'sync',
      waveId: parseOrThrow(waveParams, req.params, 'wave id').id,
      options: parseOrThrow(
        waveSyncRequestSchema,
        bodyOf(req),
        'wave sync request',
      ),
    })),
  );

  return router;
}
