import {
  Document,
  LineCounter,
  Node,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
} from 'yaml';
import type { ArgoCdApplication, SourceProblem } from '../types';
import {
  APPLICATION_KIND,
  ARGOCD_API_VERSION,
  parseApplication,
} from '../applications';

/** An Application read from a snapshot, with where it was found. */
export interface SnapshotEntry {
  application: ArgoCdApplication;
  /** `file:line:col (items[3])` */
  location: string;
}

export interface ParsedSnapshot {
  entries: SnapshotEntry[];
  problems: SourceProblem[];
}

/** `List` from `kubectl get -o yaml|json`, `ApplicationList` from the raw API. */
const LIST_KINDS = new Set(['List', `${APPLICATION_KIND}List`]);

/**
 * Parses the text of one snapshot file: the output of
 * `kubectl get applications -A -o yaml` or `-o json`, a single Application, or
 * several YAML documents. JSON is parsed as YAML, which it is, so both formats
 * get the same line:col positions.
 *
 * Never throws: anything unusable becomes a problem at its position, and the
 * rest of the file is still read.
 *
 * @param file - the path shown in locations, as the user configured it.
 */
export function parseSnapshot(text: string, file: string): ParsedSnapshot {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
  });
  const at = (offset: number | undefined) => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return `${file}:${line}:${col}`;
  };

  const entries: SnapshotEntry[] = [];
  const problems: SourceProblem[] = [];
  // A stray `---`, as many generators write at the end, is an empty document.
  const isEmpty = (doc: Document) =>
    doc.errors.length === 0 &&
    (doc.contents === null ||
      (isScalar(doc.contents) && doc.contents.value === null));
  if (documents.every(isEmpty)) {
    // Most likely an export that failed half-way and left the file empty.
    problems.push({ location: file, message: 'The file is empty' });
    return { entries, problems };
  }

  const multiDocument = documents.length > 1;
  documents.forEach((doc, docIndex) => {
    const docLabel = multiDocument ? `document ${docIndex + 1}` : undefined;
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        problems.push({
          location: at(error.pos[0]),
          message: `Not valid YAML or JSON, ${docLabel ?? 'file'} skipped: ${
            error.message
          }`,
        });
      }
      return;
    }
    if (isEmpty(doc)) {
      return;
    }

    const base = docLabel ? [docLabel] : [];
    const visit = (value: unknown, node: unknown, path: string[]) => {
      const location = labelled(at(rangeStart(node)), path);
      const checked = checkObject(value);
      if ('error' in checked) {
        problems.push({ location, message: checked.error });
      } else {
        entries.push({ application: checked.application, location });
      }
    };

    let value: unknown;
    try {
      value = doc.toJS();
    } catch (error) {
      // Only excessive alias expansion (a "billion laughs" file) gets here.
      problems.push({
        location: labelled(at(rangeStart(doc.contents)), base),
        message: `Could not read the ${docLabel ?? 'file'}: ${
          (error as Error).message
        }`,
      });
      return;
    }
    if (isListObject(value)) {
      const itemNodes = itemsNode(doc);
      if (!Array.isArray(value.items)) {
        problems.push({
          location: labelled(at(rangeStart(doc.contents)), base),
          message: `A ${value.kind} must have an "items" array`,
        });
        return;
      }
      value.items.forEach((item, index) =>
        visit(item, itemNodes?.[index] ?? doc.contents, [
          ...base,
          `items[${index}]`,
        ]),
      );
      return;
    }
    visit(value, doc.contents, base);
  });
  return { entries, problems };
}

function isListObject(
  value: unknown,
): value is { kind: string; items?: unknown } {
  return (
    isRecord(value) &&
    typeof value.kind === 'string' &&
    LIST_KINDS.has(value.kind)
  );
}

function itemsNode(doc: Document): unknown[] | undefined {
  const items = isMap(doc.contents) ? doc.contents.get('items', true) : null;
  return isSeq(items) ? items.items : undefined;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

function labelled(position: string, path: string[]): string {
  return path.length ? `${position} (${path.join(', ')})` : position;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeObject(value: Record<string, unknown>): string {
  const kind = typeof value.kind === 'string' ? value.kind : 'object';
  const name =
    isRecord(value.metadata) && typeof value.metadata.name === 'string'
      ? ` "${value.metadata.name}"`
      : '';
  const apiVersion =
    typeof value.apiVersion === 'string'
      ? ` (${value.apiVersion})`
      : ' (no apiVersion)';
  return `${kind}${name}${apiVersion}`;
}

function checkObject(
  value: unknown,
): { application: ArgoCdApplication } | { error: string } {
  if (!isRecord(value)) {
    return {
      error: `Expected an Argo CD Application object, found ${
        Array.isArray(value) ? 'a list' : typeof value
      }; skipped`,
    };
  }
  if (
    value.apiVersion !== ARGOCD_API_VERSION ||
    value.kind !== APPLICATION_KIND
  ) {
    return {
      error: `${describeObject(
        value,
      )} is not an Argo CD Application (${ARGOCD_API_VERSION} ${APPLICATION_KIND}); skipped`,
    };
  }
  const parsed = parseApplication(value);
  if ('error' in parsed) {
    return {
      error: `Invalid Application${
        isRecord(value.metadata) && typeof value.metadata.name === 'string'
          ? ` "${value.metadata.name}"`
          : ''
      }: ${parsed.error}; skipped`,
    };
  }
  return parsed;
}
