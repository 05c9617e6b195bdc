import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import { FieldCallbacks, moduleInputFields } from './moduleInput';

/** What the schema of some field callbacks parses input to. */
type ParsedFields<F extends FieldCallbacks> = {
  [K in keyof F]: z.output<ReturnType<F[K]>>;
};

/**
 * The message of a zod issue: the field (an array item names its array) and
 * the offending value.
 */
function describeIssue(issue: z.ZodIssue, input: unknown): string {
  const field = issue.path.filter(key => typeof key === 'string');
  if (issue.code === 'unrecognized_keys') {
    field.push(issue.keys[0]);
  }
  const value = issue.path.reduce<unknown>(
    (parent, key) =>
      parent && typeof parent === 'object'
        ? (parent as Record<string | number, unknown>)[key]
        : undefined,
    input,
  );
  let message = issue.message;
  if (
    (value === undefined || value === '') &&
    issue.code !== 'unrecognized_keys'
  ) {
    message = 'is required';
  } else if (typeof value === 'string' || typeof value === 'number') {
    const shown = String(value);
    message = `'${
      shown.length > 80 ? `${shown.slice(0, 77)}...` : shown
    }' ${message}`;
  }
  return `Invalid input '${field.join('.')}': ${message}`;
}

const schemas = new WeakMap<FieldCallbacks, z.ZodTypeAny>();

/**
 * Parses action input with the zod schema its fields make up, the way the
 * scaffolder builds it from the same callbacks.
 *
 * @throws InputError naming the first offending field
 */
export function parseFields<F extends FieldCallbacks>(
  fields: F,
  input: unknown,
): ParsedFields<F> {
  let schema = schemas.get(fields);
  if (!schema) {
    schema = z.object(
      Object.fromEntries(
        Object.entries(fields).map(([key, field]) => [key, field(z)]),
      ),
    );
    schemas.set(fields, schema);
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InputError(describeIssue(result.error.issues[0], input));
  }
  return result.data;
}

// Every field is checked when it is given; an action's own fields decide
// which ones it requires. Only name, wave and environments are always needed.
const anyActionFields = {
  ...moduleInputFields,
  owner: (zImpl: typeof z) => moduleInputFields.owner(zImpl).optional(),
  repoUrl: (zImpl: typeof z) => moduleInputFields.repoUrl(zImpl).optional(),
};

/** The module input once its schema has checked it and applied the defaults. */
export type ModuleInput = ParsedFields<typeof anyActionFields>;

// One merged field set per action, so its schema is built once.
const mergedFields = new WeakMap<object, FieldCallbacks>();

/**
 * Parses the input of a BASE module action with the action's fields, and
 * any other module field given.
 *
 * @throws InputError naming the first offending field
 */
export function parseModuleFields(
  input: unknown,
  actionFields: FieldCallbacks,
): ModuleInput {
  let fields = mergedFields.get(actionFields);
  if (!fields) {
    fields = { ...anyActionFields, ...actionFields };
    mergedFields.set(actionFields, fields);
  }
  return parseFields(fields, input) as ModuleInput;
}
