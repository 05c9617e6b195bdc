import {
  ArgoCdApplication,
  CheckedApplication,
  checkApplicationList,
  checkListItem,
} from '../applications';
import { SourceProblem, SourceReadResult } from '../types';

const objectKey = (metadata?: { namespace?: string; name?: string }) =>
  `${metadata?.namespace ?? ''}/${metadata?.name ?? ''}`;

/**
 * Validates what a list and then a watch deliver. An invalid object is a
 * problem at its list position (`items[3]`) or, when a watch event brought
 * it, at its `namespace/name`; it never drops the rest.
 */
export class ValidatedApplications {
  /** Items of the last list that failed validation, by object key. */
  private listProblems: Array<{ key: string; problem: SourceProblem }> = [];
  /**
   * Validation of each object, checked once: an informer replaces an object
   * when it changes, never edits it in place.
   */
  private readonly checked = new WeakMap<object, CheckedApplication>();

  /**
   * Validates a list answer and returns its valid items, for the informer.
   *
   * @throws UpstreamError when the body is not a list at all.
   */
  fromList(body: unknown, target: string): ArgoCdApplication[] {
    const applications: ArgoCdApplication[] = [];
    const listProblems: typeof this.listProblems = [];
    for (const { index, item, checked } of checkApplicationList(body, target)) {
      if ('error' in checked) {
        listProblems.push({
          key: objectKey((item as { metadata?: object } | null)?.metadata),
          problem: { location: `items[${index}]`, message: checked.error },
        });
      } else {
        applications.push(checked.application);
        this.checked.set(checked.application, checked);
      }
    }
    this.listProblems = listProblems;
    return applications;
  }

  /**
   * Reduces the object of a watch event to what the informer keeps: a valid
   * Application as the schema parsed it (without `managedFields`,
   * `status.resources` or the history but its last entry); an invalid one to
   * its identity (`apiVersion`, `kind`, name, namespace, resourceVersion),
   * its validation kept with it, so `read()` still reports it at
   * `namespace/name`.
   */
  fromEvent(object: object): ArgoCdApplication {
    const checked = checkListItem(object);
    if (!('error' in checked)) {
      this.checked.set(checked.application, checked);
      return checked.application;
    }
    const { apiVersion, kind, metadata } = object as {
      apiVersion?: unknown;
      kind?: unknown;
      metadata?: Record<string, unknown> | null;
    };
    const identity: Record<string, unknown> = {};
    for (const key of ['name', 'namespace', 'resourceVersion']) {
      if (metadata?.[key] !== undefined) {
        identity[key] = metadata[key];
      }
    }
    const reduced = {
      ...(apiVersion !== undefined && { apiVersion }),
      ...(kind !== undefined && { kind }),
      metadata: identity,
    } as ArgoCdApplication;
    this.checked.set(reduced, checked);
    return reduced;
  }

  /** The valid objects the informer holds, and the problems of the others. */
  read(
    objects: ReadonlyArray<{
      metadata?: { namespace?: string; name?: string };
    }>,
  ): SourceReadResult {
    const applications: ArgoCdApplication[] = [];
    const problems: SourceProblem[] = [];
    const held = new Set<string>();
    for (const object of objects) {
      held.add(objectKey(object.metadata));
      const checked = this.check(object);
      if ('error' in checked) {
        problems.push({
          location: objectKey(object.metadata),
          message: checked.error,
        });
      } else {
        applications.push(checked.application);
      }
    }
    for (const { key, problem } of this.listProblems) {
      // A watch event may have brought a newer version since the list.
      if (!held.has(key)) {
        problems.push(problem);
      }
    }
    return { applications, problems };
  }

  private check(object: object): CheckedApplication {
    let checked = this.checked.get(object);
    if (!checked) {
      checked = checkListItem(object);
      this.checked.set(object, checked);
    }
    return checked;
  }
}
