/**
 * The one model of an Argo CD Application: a zod schema every source
 * validates what it reads with, and the type derived from it.
 */
import { z } from 'zod';
import { UpstreamError } from '../http/upstream';
import type { SourceReadResult } from './types';

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
 * The part of an `argoproj.io/v1alpha1` Application the wave engine reads.
 * Unknown fields are dropped: they cannot matter to the engine, and hundreds
 * of apps are much smaller without their `resources` lists and
 * `managedFields`; `status.history` is cut to its last entry. `apiVersion` and
 * `kind` are optional because the items of Argo CD's list API carry neither.
 *
 * @public
 */
export const argoCdApplicationSchema = z.object({
  apiVersion: z.literal(ARGOCD_API_VERSION).optional(),
  kind: z.literal(APPLICATION_KIND).optional(),
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
      /** Set once the Application is being deleted (its finalizers at work). */
      deletionTimestamp: z.string().optional(),
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
      // The engine reads the history only for `lastSyncedAt`, the time of
      // its last entry (Argo CD appends, oldest first): only that entry is
      // kept, however long the history.
      history: z
        .array(
          z.object({
            revision: z.string().optional(),
            deployedAt: z.string().optional(),
            id: z.number().optional(),
          }),
        )
        .transform(history =>
          history.length > 1 ? history.slice(-1) : history,
        )
        .optional(),
    })
    .optional(),
});

/**
 * An Argo CD Application, as the engine reads it.
 *
 * @public
 */
export type ArgoCdApplication = z.infer<typeof argoCdApplicationSchema>;

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
export function parseApplication(value: unknown): CheckedApplication {
  // Nulls are rare, and copying every object to drop them costs more than
  // the validation itself: only an object that fails is checked again
  // without its nulls. Unknown fields, null or not, are dropped either way.
  const direct = argoCdApplicationSchema.safeParse(value);
  if (direct.success) {
    return { application: direct.data };
  }
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

/** The outcome of validating one object: the Application, or why it is not one. */
export type CheckedApplication =
  | { application: ArgoCdApplication }
  | { error: string };

/**
 * Validates each item of an Application list (Argo CD's or Kubernetes').
 *
 * @throws UpstreamError when the body is not a list at all.
 */
export function checkApplicationList(
  body: unknown,
  target: string,
): Array<{ index: number; item: unknown; checked: CheckedApplication }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UpstreamError(
      `${target} returned something that is not a list`,
      'malformed',
    );
  }
  const items = (body as { items?: unknown }).items;
  // Argo CD answers `"items": null` when there are no applications.
  if (items === null || items === undefined) {
    return [];
  }
  if (!Array.isArray(items)) {
    throw new UpstreamError(
      `${target} returned a list without items`,
      'malformed',
    );
  }
  return items.map((item, index) => ({
    index,
    item,
    checked: checkListItem(item),
  }));
}

/**
 * Checks an Application list, keeping the valid items and reporting each
 * other one as a problem at its position (`items[3]`): one bad object never
 * drops the list.
 *
 * @throws UpstreamError when the body is not a list at all.
 */
export function parseApplicationList(
  body: unknown,
  target: string,
): SourceReadResult {
  const result: SourceReadResult = { applications: [], problems: [] };
  for (const { index, checked } of checkApplicationList(body, target)) {
    if ('error' in checked) {
      result.problems.push({
        location: `items[${index}]`,
        message: checked.error,
      });
    } else {
      result.applications.push(checked.application);
    }
  }
  return result;
}

/** Validates one item of a list, naming the Application in the reason. */
export function checkListItem(item: unknown): CheckedApplication {
  const name = (item as { metadata?: { name?: unknown } } | null)?.metadata
    ?.name;
  if (typeof name !== 'string' || name === '') {
    return { error: 'Application without metadata.name' };
  }
  const parsed = parseApplication(item);
  return 'error' in parsed
    ? { error: `Invalid Application "${name}": ${parsed.error}; skipped` }
    : parsed;
}
