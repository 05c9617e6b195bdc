import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError, InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  baseLayerStatusReadPermission,
  WaveDefinition,
} from '@internal/plugin-base-layer-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  waves: WaveDefinition[];
}

const waveIdParam = z.coerce
  .number({ error: 'wave id must be a number' })
  .int('wave id must be an integer')
  .nonnegative('wave id must not be negative');

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, waves } = options;
  const router = Router();
  router.use(express.json());

  async function authorizeRead(req: Request) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: baseLayerStatusReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Unauthorized to read BASE layer status');
    }
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/waves', async (req, res) => {
    await authorizeRead(req);
    res.json({ waves });
  });

  router.get('/waves/:id', async (req, res) => {
    await authorizeRead(req);
    const parsed = waveIdParam.safeParse(req.params.id);
    if (!parsed.success) {
      throw new InputError(
        `Invalid wave id '${req.params.id}': ${parsed.error.issues[0].message}`,
      );
    }
    const wave = waves.find(w => w.id === parsed.data);
    if (!wave) {
      throw new NotFoundError(
        `Wave ${parsed.data} is not declared in baseLayer.waves`,
      );
    }
    res.json(wave);
  });

  return router;
}
