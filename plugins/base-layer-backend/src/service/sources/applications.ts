import { z } from 'zod';
import type { ArgoCdApplication } from '../types';

export const ARGOCD_API_VERSION = 'argoproj.io/v1alpha1';
export const APPLICATION_KIND = 'Application';

const stringMap = z.record(z.string(), z.string({ error: 'must be a string' }));

const sourceSpecSchema = z.object({
  repoURL: z.string({ error: 'is required' }),
  path: z.string().optional(),
  targetRevision: z.string().optional(),
  chart: z.string().optional(),
});

/**
 * The part of an Argo CD Application the wave engine reads. Unknown fields are
 * dropped: they cannot matter to the engine, and a snapshot with `resources`
 * lists for hundreds of apps is much smaller without them.
 */
export const argoCdApplicationSchema = z.object({
  apiVersion: z.literal(ARGOCD_API_VERSION),
  kind: z.literal(APPLICATION_KIND),
  metadata: z.object(
    {
      name: z
        .string({
          error: issue =>
            issue.input === undefined ? 'is required' : 'must be a string',
        })
        .min(1, 'must not be empty'),
      namespace: z.string().optional(),
      labels: stringMap.optional(),
      annotations: stringMap.optional(),
      resourceVersion: z.string().optional(),
    },
    { error: 'is required' },
  ),
  spec: z
    .object({
      project: z.string().optional(),
      source: sourceSpecSchema.optional(),
      sources: z.array(sourceSpecSchema).optional(),
      destination: z
        .object({
          server: z.string().optional(),
          name: z.string().optional(),
          namespace: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  status: z
    .object({
      sync: z
        .object({
          status: z.string().optional(),
          revision: z.string().optional(),
          revisions: z.array(z.string()).optional(),
        })
        .optional(),
      health: z
        .object({
          status: z.string().optional(),
          message: z.string().optional(),
        })
        .optional(),
      operationState: z
        .object({
          phase: z.string().optional(),
          message: z.string().optional(),
          startedAt: z.string().optional(),
          finishedAt: z.string().optional(),
          syncResult: z
            .object({
              revision: z.string().optional(),
              revisions: z.array(z.string()).optional(),
            })
            .optional(),
        })
        .optional(),
      conditions: z
        .array(z.object({ type: z.string(), message: z.string() }))
        .optional(),
      reconciledAt: z.string().optional(),
      history: z
        .array(
          z.object({
            revision: z.string().optional(),
            deployedAt: z.string().optional(),
            id: z.number().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
}) satisfies z.ZodType<ArgoCdApplication>;

/** `metadata.name`, `spec.sources[1].repoURL`. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') {
      return `${out}[${key}]`;
    }
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

/**
 * Validates one object as an Argo CD Application.
 *
 * @returns the Application, or a one-line reason it is not one.
 */
export function parseApplication(
  value: unknown,
): { application: ArgoCdApplication } | { error: string } {
  const result = argoCdApplicationSchema.safeParse(dropNulls(value));
  if (result.success) {
    return { application: result.data };
  }
  const reasons = result.error.issues.map(issue =>
    issue.path.length
      ? `${formatPath(issue.path)} ${issue.message}`
      : issue.message,
  );
  return { error: reasons.join('; ') };
}

/**
 * JSON output of kubectl and hand-written YAML both use `null` for "not set"
 * (`creationTimestamp: null`, `message:`). Treat it as absent, as the API does.
 */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(dropNulls);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      if (entry !== null) {
        out[key] = dropNulls(entry);
      }
    }
    return out;
  }
  return value;
}
