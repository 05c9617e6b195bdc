import { InputError } from '@backstage/errors';
import yaml, {
  Document,
  isMap,
  isScalar,
  isSeq,
  Scalar,
  YAMLMap,
  YAMLSeq,
} from 'yaml';

/**
 * Edits of a module's kustomize files and entity through the `yaml`
 * Document API. The Document finds the values; a value that exists is
 * changed by replacing its own characters in the source (in its old quoting
 * style), so everything else, comments, spacing and order included, stays
 * byte for byte. Only a key that does not exist yet is added through the
 * Document, which then renders the file.
 */

/** A replacement of the characters `start` to `end` of a file. */
interface Splice {
  start: number;
  end: number;
  text: string;
}

function applySplices(text: string, splices: Splice[]): string {
  return [...splices]
    .sort((a, b) => b.start - a.start)
    .reduce(
      (result, { start, end, text: replacement }) =>
        `${result.slice(0, start)}${replacement}${result.slice(end)}`,
      text,
    );
}

/** The new value in the quoting style of the old one; quoted when plain would not read back as the string. */
function renderLike(old: Scalar, value: string): string {
  if (old.type === Scalar.QUOTE_DOUBLE) {
    return JSON.stringify(value);
  }
  if (old.type === Scalar.QUOTE_SINGLE) {
    return `'${value.replace(/'/g, "''")}'`;
  }
  return yaml.parse(`k: ${value}`)?.k === value ? value : JSON.stringify(value);
}

/** A one-line scalar whose characters can be replaced. */
function spliceableScalar(node: unknown, source: string): node is Scalar {
  return (
    isScalar(node) &&
    !!node.range &&
    [Scalar.PLAIN, Scalar.QUOTE_DOUBLE, Scalar.QUOTE_SINGLE].includes(
      node.type as string,
    ) &&
    !source.slice(node.range[0], node.range[1]).includes('\n')
  );
}

/** Replaces a scalar's characters in `source`, whose offsets `node.range` are. */
function scalarSplice(node: Scalar, value: string): Splice {
  return {
    start: node.range![0],
    end: node.range![1],
    text: renderLike(node, value),
  };
}

/**
 * Maps an offset in the value of a literal block scalar (`patch: |-`) to
 * the offset of the same character in the file; undefined when the block's
 * lines are not indented uniformly.
 */
function blockOffsetMapper(text: string, block: Scalar) {
  const raw = text.slice(block.range![0], block.range![1]);
  const contentStart = block.range![0] + raw.indexOf('\n') + 1;
  const lines = text.slice(contentStart, block.range![1]).split('\n');
  const indent = /^ */.exec(lines[0])![0].length;
  return (offset: number): number | undefined => {
    const before = String(block.value).slice(0, offset).split('\n');
    const line = before.length - 1;
    if (line >= lines.length || lines[line].slice(0, indent).trim() !== '') {
      return undefined;
    }
    const lineStart =
      contentStart + lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
    return lineStart + indent + before[line].length;
  };
}

/** Where the dev and prod overlays patch the requests (see `kustomize.ts`). */
const REQUESTS_PATH = '/spec/template/spec/containers/0/resources/requests';

/** CPU and memory requests; a missing one is left as it is. */
export interface Requests {
  cpu?: string;
  memory?: string;
}

/** A container image reference split the way kustomize `images:` splits it. */
export interface ImageReference {
  name: string;
  tag?: string;
  digest?: string;
}

/** Splits `registry/name:tag@sha256:…` into name, tag and digest. */
export function parseImage(image: string): ImageReference {
  const [withoutDigest, digest] = image.split('@', 2);
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash
    ? {
        name: withoutDigest.slice(0, colon),
        tag: withoutDigest.slice(colon + 1),
        digest,
      }
    : { name: withoutDigest, digest };
}

/** The reference of {@link parseImage} as one string. */
export function formatImage(image: ImageReference): string {
  return `${image.name}${image.tag ? `:${image.tag}` : ''}${
    image.digest ? `@${image.digest}` : ''
  }`;
}

function parseDocument(text: string, path: string): Document {
  const doc = yaml.parseDocument(text);
  if (doc.errors.length > 0) {
    throw new InputError(
      `${path} is not valid YAML (${doc.errors[0].message}); fix it by hand first`,
    );
  }
  if (!isMap(doc.contents)) {
    throw new InputError(`${path} is not a YAML mapping`);
  }
  return doc;
}

/** The first Deployment of a manifest (one or more YAML documents), if any. */
function findDeployment(text: string): Document | undefined {
  return (yaml.parseAllDocuments(text) as Document.Parsed[]).find(
    doc =>
      'errors' in doc &&
      doc.errors.length === 0 &&
      doc.get('kind') === 'Deployment',
  );
}

const CONTAINER = ['spec', 'template', 'spec', 'containers', 0];

/**
 * The image of the first container of the module's Deployment, from its
 * manifest (`<dir>/deployment.yaml`, one or more YAML documents).
 *
 * @throws InputError naming the path when there is no such container
 */
export function readDeploymentImage(text: string, path: string): string {
  const image = findDeployment(text)?.getIn([...CONTAINER, 'image']);
  if (typeof image !== 'string') {
    throw new InputError(
      `${path} has no Deployment with an image on its first container`,
    );
  }
  return image;
}

/** The requests of the first container of the module's Deployment, as far as it sets them. */
export function readDeploymentRequests(text: string): Requests {
  const doc = findDeployment(text);
  const read = (key: string) => {
    const v = doc?.getIn([...CONTAINER, 'resources', 'requests', key]);
    return v === undefined || v === null ? undefined : String(v);
  };
  return { cpu: read('cpu'), memory: read('memory') };
}

/** A label of the module's Deployment (`metadata.labels`), if set. */
export function readDeploymentLabel(
  text: string,
  label: string,
): string | undefined {
  const v = findDeployment(text)?.getIn(['metadata', 'labels', label]);
  return v === undefined || v === null ? undefined : String(v);
}

/** The `images:` entry of a kustomization for the image `name`, if any. */
function imageEntry(doc: Document, name: string): YAMLMap | undefined {
  const images = doc.get('images', true);
  if (!isSeq(images)) {
    return undefined;
  }
  return images.items.find(
    (item): item is YAMLMap => isMap(item) && item.get('name') === name,
  );
}

/**
 * The image an overlay deploys: the base image with the overlay's
 * `images:` entry for it applied, as kustomize applies it.
 */
export function overlayImage(
  text: string,
  path: string,
  baseImage: string,
): string {
  const base = parseImage(baseImage);
  const entry = imageEntry(parseDocument(text, path), base.name);
  if (!entry) {
    return baseImage;
  }
  const newTag = entry.get('newTag');
  const digest = entry.get('digest');
  const name = String(entry.get('newName') ?? base.name);
  // kustomize: a digest replaces the tag, a new tag drops the old digest.
  if (digest) {
    return formatImage({ name, digest: String(digest) });
  }
  if (newTag !== undefined) {
    return formatImage({ name, tag: String(newTag) });
  }
  return formatImage({ ...base, name });
}

/**
 * Sets the overlay's `images:` entry for the base image so that the
 * overlay deploys `image`, adding the list or the entry when missing.
 */
export function setOverlayImage(
  text: string,
  path: string,
  baseImage: string,
  image: string,
): string {
  const doc = parseDocument(text, path);
  const baseName = parseImage(baseImage).name;
  const wanted = parseImage(image);
  const fields: Record<string, string | undefined> = {
    newName: wanted.name === baseName ? undefined : wanted.name,
    newTag: wanted.tag,
    digest: wanted.digest,
  };
  let entry = imageEntry(doc, baseName);
  const existing = entry;
  if (
    existing &&
    Object.entries(fields).every(([key, value]) =>
      value === undefined
        ? !existing.has(key)
        : spliceableScalar(existing.get(key, true), text),
    )
  ) {
    return applySplices(
      text,
      Object.entries(fields).flatMap(([key, value]) => {
        const node = existing.get(key, true) as Scalar;
        return value === undefined || node.value === value
          ? []
          : [scalarSplice(node, value)];
      }),
    );
  }
  if (!entry) {
    if (!isSeq(doc.get('images', true))) {
      doc.set('images', doc.createNode([]));
    }
    entry = doc.createNode({ name: baseName }) as YAMLMap;
    (doc.get('images', true) as YAMLSeq).items.push(entry);
  }
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) {
      entry.delete(key);
    } else if (entry.get(key) !== value) {
      entry.set(key, value);
    }
  }
  return doc.toString();
}

/** The requests patch operation of an overlay and the patch text it sits in. */
function findRequestsPatch(doc: Document) {
  const patches = doc.get('patches', true);
  if (!isSeq(patches)) {
    return undefined;
  }
  for (const item of patches.items) {
    const patch = isMap(item) ? item.get('patch', true) : undefined;
    if (!isScalar(patch) || typeof patch.value !== 'string') {
      continue;
    }
    const operations = yaml.parseDocument(patch.value);
    const list = operations.contents;
    if (!isSeq(list)) {
      continue;
    }
    const operation = list.items.find(
      op => isMap(op) && (op as YAMLMap).get('path') === REQUESTS_PATH,
    ) as YAMLMap | undefined;
    if (operation) {
      return { patch: patch as Scalar<string>, operations, operation };
    }
  }
  return undefined;
}

/** The CPU and memory requests an overlay sets, if it sets them. */
export function overlayRequests(text: string, path: string): Requests {
  const found = findRequestsPatch(parseDocument(text, path));
  const value = found?.operation.get('value');
  if (!isMap(value)) {
    return {};
  }
  const read = (key: string) => {
    const v = value.get(key);
    return v === undefined ? undefined : String(v);
  };
  return { cpu: read('cpu'), memory: read('memory') };
}

/**
 * Sets the requests of an overlay in its JSON patch of
 * `/spec/template/spec/containers/0/resources/requests` (the patch the
 * create template writes), or adds such a patch for the module's
 * Deployment when the overlay has none.
 */
export function setOverlayRequests(
  text: string,
  path: string,
  module: string,
  requests: Requests,
): string {
  const doc = parseDocument(text, path);
  const found = findRequestsPatch(doc);
  if (!found) {
    const value = Object.fromEntries(
      Object.entries(requests).filter(([, v]) => v !== undefined),
    );
    const patch = yaml
      .stringify([{ op: 'add', path: REQUESTS_PATH, value }])
      .trimEnd();
    if (!isSeq(doc.get('patches', true))) {
      doc.set('patches', doc.createNode([]));
    }
    (doc.get('patches', true) as YAMLSeq).items.push(
      doc.createNode({ target: { kind: 'Deployment', name: module }, patch }),
    );
    return doc.toString();
  }
  const { patch, operations, operation } = found;
  const current = operation.get('value', true);
  const values: YAMLMap = isMap(current)
    ? current
    : (operations.createNode({}) as YAMLMap);
  const toFile = blockOffsetMapper(text, patch);
  /** The edit of one request in the file, or undefined when it cannot be spliced. */
  const spliceOf = (key: string, quantity: string): Splice | undefined => {
    const node = values.get(key, true);
    if (!spliceableScalar(node, patch.value)) {
      return undefined;
    }
    const [innerStart, innerEnd] = node.range!;
    const start = toFile(innerStart);
    const end = toFile(innerEnd);
    return start !== undefined &&
      end !== undefined &&
      text.slice(start, end) === patch.value.slice(innerStart, innerEnd)
      ? { start, end, text: renderLike(node, quantity) }
      : undefined;
  };
  const changed = Object.entries(requests).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && String(values.get(entry[0])) !== entry[1],
  );
  const splices = changed.map(([key, quantity]) => spliceOf(key, quantity));
  if (splices.every((splice): splice is Splice => splice !== undefined)) {
    return applySplices(text, splices);
  }
  // A request the patch does not set yet: add it through the Document.
  if (!isMap(current)) {
    operation.set('value', values);
  }
  for (const [key, quantity] of changed) {
    values.set(key, quantity);
  }
  const rendered = operations.toString();
  patch.value = patch.value.endsWith('\n') ? rendered : rendered.trimEnd();
  return doc.toString();
}

/** The first document of a catalog entity file whose kind is Component. */
function findComponent(docs: Document.Parsed[], path: string): Document {
  const doc = docs.find(
    d =>
      'errors' in d && d.errors.length === 0 && d.get('kind') === 'Component',
  );
  if (!doc) {
    throw new InputError(`${path} has no Component entity`);
  }
  return doc;
}

/**
 * Sets one string field of a catalog entity file (its first document whose
 * kind is Component), in place when it exists.
 */
function setEntityField(
  text: string,
  path: string,
  field: string[],
  value: string,
): { content: string; previous?: string } {
  const docs = yaml.parseAllDocuments(text) as Document.Parsed[];
  const doc = findComponent(docs, path);
  const node = doc.getIn(field, true);
  const previous = isScalar(node) ? String(node.value) : undefined;
  if (spliceableScalar(node, text)) {
    return {
      content: applySplices(text, [scalarSplice(node, value)]),
      previous,
    };
  }
  doc.setIn(field, value);
  return { content: docs.map(d => d.toString()).join(''), previous };
}

/**
 * Sets `spec.lifecycle` of a catalog entity file (its first document whose
 * kind is Component).
 */
export function setEntityLifecycle(
  text: string,
  path: string,
  lifecycle: string,
): { content: string; previous?: string } {
  return setEntityField(text, path, ['spec', 'lifecycle'], lifecycle);
}

/** Sets one annotation of a catalog entity file (its first Component). */
export function setEntityAnnotation(
  text: string,
  path: string,
  annotation: string,
  value: string,
): { content: string; previous?: string } {
  return setEntityField(
    text,
    path,
    ['metadata', 'annotations', annotation],
    value,
  );
}

/** One annotation of a catalog entity file (its first Component), if set. */
export function readEntityAnnotation(
  text: string,
  path: string,
  annotation: string,
): string | undefined {
  const v = findComponent(
    yaml.parseAllDocuments(text) as Document.Parsed[],
    path,
  ).getIn(['metadata', 'annotations', annotation]);
  return v === undefined || v === null ? undefined : String(v);
}
