import yaml from 'yaml';
import {
  overlayImage,
  overlayRequests,
  parseImage,
  readEntityAnnotation,
  setEntityAnnotation,
  setEntityLifecycle,
  setOverlayImage,
  setOverlayRequests,
} from './overlayEdits';

const PATH = 'overlays/dev/kustomization.yaml';
const BASE = 'base/data-ingestion:latest';

/** An overlay as the create template writes it: no images, a JSON patch of cpu only. */
const generated = yaml.stringify(
  {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['../../base'],
    patches: [
      {
        target: { kind: 'Deployment', name: 'data-ingestion' },
        patch: yaml
          .stringify([
            {
              op: 'add',
              path: '/spec/template/spec/containers/0/resources/requests',
              value: { cpu: '100m' },
            },
          ])
          .trimEnd(),
      },
    ],
  },
  { lineWidth: 0 },
);

describe('overlay edits', () => {
  it.each([
    ['ghcr.io/o/x:1.2', { name: 'ghcr.io/o/x', tag: '1.2' }],
    ['localhost:5000/x', { name: 'localhost:5000/x' }],
    ['localhost:5000/x:2', { name: 'localhost:5000/x', tag: '2' }],
    ['x@sha256:abc', { name: 'x', digest: 'sha256:abc' }],
  ])('splits %s', (image, expected) => {
    expect(parseImage(image)).toEqual({ digest: undefined, ...expected });
  });

  it('adds an images entry to an overlay without one, and reads it back', () => {
    expect(overlayImage(generated, PATH, BASE)).toBe(BASE);
    const next = setOverlayImage(generated, PATH, BASE, 'ghcr.io/o/x:1.2');
    expect(yaml.parse(next).images).toEqual([
      { name: 'base/data-ingestion', newName: 'ghcr.io/o/x', newTag: '1.2' },
    ]);
    expect(overlayImage(next, PATH, BASE)).toBe('ghcr.io/o/x:1.2');
  });

  it('pins a digest in place of a tag', () => {
    const tagged = setOverlayImage(
      generated,
      PATH,
      BASE,
      'base/data-ingestion:1',
    );
    expect(yaml.parse(tagged).images).toEqual([
      { name: 'base/data-ingestion', newTag: '1' },
    ]);
    const pinned = setOverlayImage(
      tagged,
      PATH,
      BASE,
      'base/data-ingestion@sha256:ab',
    );
    expect(yaml.parse(pinned).images).toEqual([
      { name: 'base/data-ingestion', digest: 'sha256:ab' },
    ]);
    expect(overlayImage(pinned, PATH, BASE)).toBe(
      'base/data-ingestion@sha256:ab',
    );
  });

  it('adds a request the patch does not set yet, keeping the one it sets', () => {
    expect(overlayRequests(generated, PATH)).toEqual({
      cpu: '100m',
      memory: undefined,
    });
    const next = setOverlayRequests(generated, PATH, 'data-ingestion', {
      memory: '512Mi',
    });
    expect(overlayRequests(next, PATH)).toEqual({
      cpu: '100m',
      memory: '512Mi',
    });
  });

  it('adds a requests patch to an overlay without one', () => {
    const bare = 'resources:\n  - ../../base\n';
    const next = setOverlayRequests(bare, PATH, 'data-ingestion', { cpu: '2' });
    expect(overlayRequests(next, PATH)).toEqual({
      cpu: '2',
      memory: undefined,
    });
    expect(yaml.parse(next).patches[0].target).toEqual({
      kind: 'Deployment',
      name: 'data-ingestion',
    });
  });

  it('sets a lifecycle an entity does not have', () => {
    const entity =
      'kind: Component\nmetadata:\n  name: x\nspec:\n  type: service\n';
    const { content, previous } = setEntityLifecycle(
      entity,
      'e.yaml',
      'deprecated',
    );
    expect(previous).toBeUndefined();
    expect(yaml.parse(content).spec).toEqual({
      type: 'service',
      lifecycle: 'deprecated',
    });
  });

  it('adds an annotation to an entity without annotations, keeping its comment', () => {
    const entity =
      '# the entity\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: m\nspec:\n  type: service\n';
    const { content, previous } = setEntityAnnotation(
      entity,
      'e.yaml',
      'base-layer.io/overlays',
      'aws,prod',
    );
    expect(previous).toBeUndefined();
    expect(content.startsWith('# the entity\n')).toBe(true);
    expect(yaml.parse(content).metadata).toEqual({
      name: 'm',
      annotations: { 'base-layer.io/overlays': 'aws,prod' },
    });
    expect(
      readEntityAnnotation(content, 'e.yaml', 'base-layer.io/overlays'),
    ).toBe('aws,prod');
  });

  it('names the file that is not YAML', () => {
    expect(() => setOverlayRequests('a: [', PATH, 'x', { cpu: '1' })).toThrow(
      `${PATH} is not valid YAML`,
    );
  });
});
