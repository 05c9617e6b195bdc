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
  const at: Locate = offset => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return `${file}:${line}:${col}`;
  };

  const parsed: ParsedSnapshot = { entries: [], problems: [] };
  if (documents.every(isEmptyDocument)) {
    // Most likely an export that failed half-way and left the file empty.
    parsed.problems.push({ location: file, message: 'The file is empty' });
    return parsed;
  }
  const multiDocument = documents.length > 1;
  documents.forEach((doc, docIndex) =>
    readDocument(
      doc,
      multiDocument ? `document ${docIndex + 1}` : undefined,
      at,
      parsed,
    ),
  );
  return parsed;
}

/** `file:line:col` of an offset in the text. */
type Locate = (offset: number | undefined) => string;

/** A stray `---`, as many generators write at the end, is an empty document. */
function isEmptyDocument(doc: Document): boolean {
  return (
    doc.errors.length === 0 &&
    (doc.contents === null ||
      (isScalar(doc.contents) && doc.contents.value === null))
  );
}

/** Reads one YAML document, reporting syntax errors at their position. */
function readDocument(
  doc: Document,
  docLabel: string | undefined,
  at: Locate,
  { entries, problems }: ParsedSnapshot,
): void {
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
  if (isEmptyDocument(doc)) {
    return;
  }

  const base = docLabel ? [docLabel] : [];
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
  readValue(value, doc, base, at, { entries, problems });
}

/** Reads a document's value: a list of Applications or a single one. */
function readValue(
  value: unknown,
  doc: Document,
  base: string[],
  at: Locate,
  { entries, problems }: ParsedSnapshot,
): void {
  const visit = (item: unknown, node: unknown, path: string[]) => {
    const location = labelled(at(rangeStart(node)), path);
    const checked = checkObject(item);
    if ('error' in checked) {
      problems.push({ location, message: checked.error });
    } else {
      entries.push({ application: checked.application, location });
    }
  };
  if (!isListObject(value)) {
    visit(value, doc.contents, base);
    return;
  }
  if (!Array.isArray(value.items)) {
    problems.push({
      location: labelled(at(rangeStart(doc.contents)), base),
      message: `A ${value.kind} must have an "items" array`,
    });
    return;
  }
  const itemNodes = itemsNode(doc);
  value.items.forEach((item, index) =>
    visit(item, itemNodes?.[index] ?? doc.contents, [
      ...base,
      `items[${index}]`,
    ]),
  );
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
