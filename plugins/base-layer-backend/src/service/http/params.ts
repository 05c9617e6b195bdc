import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { baseLayerStatusReadPermission } from '@internal/plugin-base-layer-common';
import { Request } from 'express';
import { z } from 'zod';

const namePart = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a valid entity name part');

/** The `:kind/:namespace/:name` path parameters of the entity routes. */
export const entityParams: z.ZodType<CompoundEntityRef> = z.object({
  kind: namePart,
  namespace: namePart,
  name: namePart,
});

/**
 * Parses with `schema`, or throws an InputError naming the field (or the
 * unknown fields of a strict object).
 */
export function parseOrThrow<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const fields =
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.map(k => `'${k}'`).join(', ')}`
        : `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${
            issue.message
          }`;
    throw new InputError(`Invalid ${what}: ${fields}`);
  }
  return parsed.data;
}

/** Requires credentials and the BASE layer status read permission. */
export async function authorizeStatusRead(
  req: Request,
  deps: { httpAuth: HttpAuthService; permissions: PermissionsService },
): Promise<void> {
  const credentials = await deps.httpAuth.credentials(req);
  const [decision] = await deps.permissions.authorize(
    [{ permission: baseLayerStatusReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError('Unauthorized to read BASE layer status');
  }
}
