import {
  ApplicationRevisions,
  DeployedRevision,
} from '@internal/plugin-base-layer-common';
import { z } from 'zod';
import { UpstreamError } from '../http/upstream';

const sourceSchema = z.object({
  repoURL: z.string().optional(),
  path: z.string().optional(),
  targetRevision: z.string().optional(),
});

/** One entry of `status.history`, as Argo CD writes it. */
const historyEntrySchema = z.object({
  id: z.number(),
  revision: z.string().optional(),
  revisions: z.array(z.string()).optional(),
  deployedAt: z.string(),
  source: sourceSchema.optional(),
  sources: z.array(sourceSchema).optional(),
});

/**
 * The part of an Application this route reads: its name, what is deployed
 * now and its full history, which the engine does not keep.
 */
export const applicationHistorySchema = z.object({
  metadata: z.object({
    name: z.string(),
    namespace: z.string().optional(),
  }),
  status: z
    .object({
      sync: z
        .object({
          revision: z.string().optional(),
          revisions: z.array(z.string()).optional(),
        })
        .optional(),
      history: z.array(historyEntrySchema).optional(),
    })
    .optional(),
});

/** An Application as far as its revision history goes. */
export type ApplicationHistory = z.infer<typeof applicationHistorySchema>;

/**
 * Checks an Application read from an upstream.
 *
 * @throws UpstreamError naming `target` when it is not one
 */
export function parseApplicationHistory(
  value: unknown,
  target: string,
): ApplicationHistory {
  const parsed = applicationHistorySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UpstreamError(
      `${target} returned an Application that is not valid: ${issue.path.join(
        '.',
      )}: ${issue.message}`,
      'malformed',
    );
  }
  return parsed.data;
}

/** The history of the Application, newest first, with what is deployed now. */
export function toApplicationRevisions(
  app: ApplicationHistory,
  source: string,
): ApplicationRevisions {
  const history: DeployedRevision[] = (app.status?.history ?? [])
    .flatMap(entry => {
      const revision = entry.revision ?? entry.revisions?.[0];
      if (!revision) {
        return [];
      }
      const deployedSource = entry.source ?? entry.sources?.[0];
      return [
        {
          id: entry.id,
          revision,
          ...(entry.revisions && { revisions: entry.revisions }),
          deployedAt: entry.deployedAt,
          ...(deployedSource && { source: deployedSource }),
        },
      ];
    })
    .sort((a, b) => b.deployedAt.localeCompare(a.deployedAt) || b.id - a.id);
  const current =
    app.status?.sync?.revision ??
    app.status?.sync?.revisions?.[0] ??
    history[0]?.revision;
  return {
    name: app.metadata.name,
    source,
    ...(current && { current }),
    history,
  };
}
