import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { parse, parseAllDocuments } from 'yaml';
import {
  Kustomization,
  generatorFiles,
  isKustomizationFile,
  missingReferences,
  readYamlTree,
  unknownKustomizationKeys,
  validateManifest,
} from './__testUtils__/deployManifests';

/**
 * The portal's Kubernetes deployment, deploy/ (see README.md, "Deploy"):
 * every file parses, every manifest validates against the schema of its kind,
 * every file a kustomization names exists, and the Deployment, overlays and
 * Argo CD Application agree with the image and the catalog entity.
 */

const REPO = path.resolve(__dirname, '../../..');
const DEPLOY = path.join(REPO, 'deploy');
const READINESS = '/.backstage/health/v1/readiness';
const LIVENESS = '/.backstage/health/v1/liveness';

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
};

const files = readYamlTree(DEPLOY);
const documentOf = <T>(file: string): T => {
  const found = files.find(f => f.file === file);
  if (!found) throw new Error(`deploy/${file} not found`);
  return found.documents[0] as T;
};
const kustomizations = files.filter(f => isKustomizationFile(f.file));
const kustomization = (dir: string) =>
  documentOf<Kustomization>(`${dir}/kustomization.yaml`);
// Files a generator reads are config, not manifests.
const generatorInputs = new Set(
  kustomizations.flatMap(k =>
    generatorFiles(k.documents[0] as Kustomization).map(f =>
      path.posix.join(path.posix.dirname(k.file), f),
    ),
  ),
);
const manifests = files
  .filter(f => !isKustomizationFile(f.file) && !generatorInputs.has(f.file))
  .flatMap(f =>
    f.documents.map(doc => ({
      file: f.file,
      manifest: doc as Manifest,
      label: `${f.file} (${(doc as Manifest).kind})`,
    })),
  );
const manifestOf = (kind: string, dir = 'base') => {
  const found = manifests.filter(
    m => m.manifest.kind === kind && m.file.startsWith(`${dir}/`),
  );
  expect(found).toHaveLength(1);
  return found[0].manifest;
};

const portalEntity = parseAllDocuments(
  readFileSync(path.join(REPO, 'catalog/applications.yaml'), 'utf8'),
)
  .map(d => d.toJS())
  .find(e => e.metadata.name === 'data-platform-portal');

/** README.md's table of Secrets: each Secret's name and keys. */
function documentedSecrets(): Map<string, string[]> {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const rows = readme
    .split('\n')
    .filter(line => /^\s*\|\s*`data-platform-portal-[\w-]+`\s*\|/.test(line));
  return new Map(
    rows.map(row => {
      const [name, keys] = row.split('|').slice(1, 3);
      return [
        name.trim().replace(/`/g, ''),
        [...keys.matchAll(/`([A-Z0-9_]+)`/g)].map(m => m[1]),
      ];
    }),
  );
}

/** The `${VAR}` substitutions without a default in a config, with where they are. */
function variablesIn(
  value: unknown,
  at: string[] = [],
): Array<{ name: string; at: string[] }> {
  if (typeof value === 'string') {
    return [...value.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map(m => ({
      name: m[1],
      at,
    }));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) =>
      variablesIn(child, [...at, key]),
    );
  }
  return [];
}

const valueAt = (value: any, at: string[]) =>
  at.reduce((v, key) => (v === undefined ? undefined : v[key]), value);

describe('deploy/', () => {
  it('parses every YAML file', () => {
    expect(files.map(f => f.file)).toEqual(
      expect.arrayContaining([
        'base/kustomization.yaml',
        'base/deployment.yaml',
        'overlays/dev/kustomization.yaml',
        'overlays/prod/kustomization.yaml',
        'argocd/data-platform-portal.yaml',
      ]),
    );
    expect(
      files.filter(f => f.errors.length > 0).map(f => [f.file, f.errors]),
    ).toEqual([]);
  });

  it.each(manifests.map(m => [m.label, m.manifest]))(
    'validates %s against the schema of its kind',
    (_label, manifest) => {
      expect(() => validateManifest(manifest)).not.toThrow();
    },
  );

  it('validates the ConfigMaps the kustomizations generate', () => {
    for (const k of kustomizations) {
      const dir = path.posix.dirname(k.file);
      for (const generator of (k.documents[0] as Kustomization)
        .configMapGenerator ?? []) {
        const data = Object.fromEntries(
          (generator.files ?? []).map(file => [
            path.posix.basename(file),
            readFileSync(path.join(DEPLOY, dir, file), 'utf8'),
          ]),
        );
        expect(() =>
          validateManifest({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: generator.name },
            data,
          } as Manifest),
        ).not.toThrow();
      }
    }
  });

  it('finds every file each kustomization names, and only known fields', () => {
    expect(kustomizations.map(k => k.file).sort()).toEqual([
      'base/kustomization.yaml',
      'overlays/dev/kustomization.yaml',
      'overlays/prod/kustomization.yaml',
    ]);
    for (const k of kustomizations) {
      const doc = k.documents[0] as Kustomization;
      expect(missingReferences(DEPLOY, path.dirname(k.file), doc)).toEqual([]);
      expect(unknownKustomizationKeys(doc)).toEqual([]);
    }
  });

  it('commits no Secret: the Deployment reads named Secrets made out of band', () => {
    expect(manifests.filter(m => m.manifest.kind === 'Secret')).toEqual([]);
    for (const k of kustomizations) {
      expect((k.documents[0] as Kustomization).secretGenerator).toBeUndefined();
    }
  });

  describe('the Deployment', () => {
    const deployment = () => manifestOf('Deployment');
    const container = () => deployment().spec.template.spec.containers[0];

    it('serves on 7007 and probes the backend health endpoints there', () => {
      const port = container().ports.find((p: any) => p.name === 'http');
      expect(port.containerPort).toBe(7007);
      expect(container().readinessProbe.httpGet).toEqual({
        path: READINESS,
        port: 'http',
      });
      expect(container().livenessProbe.httpGet).toEqual({
        path: LIVENESS,
        port: 'http',
      });
      expect(container().startupProbe.httpGet.path).toBe(LIVENESS);
      expect(container().resources.requests).toEqual({
        cpu: expect.any(String),
        memory: expect.any(String),
      });
    });

    it("runs as the image's non-root user, without privilege escalation", () => {
      const pod = deployment().spec.template.spec;
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
      });
      expect(container().securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod.serviceAccountName).toBe(
        manifestOf('ServiceAccount').metadata.name,
      );
    });

    it("reads the mounted app-config after the image's own two", () => {
      const [generator] = kustomization('base').configMapGenerator!;
      const volume = deployment().spec.template.spec.volumes.find(
        (v: any) => v.configMap?.name === generator.name,
      );
      const mount = container().volumeMounts.find(
        (m: any) => m.name === volume.name,
      );
      const configs = (container().args as string[]).filter(
        (_arg, i, args) => args[i - 1] === '--config',
      );
      expect(container().command).toEqual(['node', 'packages/backend']);
      expect(configs).toEqual([
        'app-config.yaml',
        'app-config.production.yaml',
        path.posix.join(
          mount.mountPath,
          path.posix.basename(generator.files![0]),
        ),
      ]);
    });

    it('reads exactly the Secrets that README.md documents', () => {
      const secrets = (container().envFrom as any[]).map(
        e => e.secretRef?.name,
      );
      expect(secrets.sort()).toEqual([...documentedSecrets().keys()].sort());
    });
  });

  it('runs 2 replicas in prod and 1 in dev', () => {
    const name = manifestOf('Deployment').metadata.name;
    const replicasIn = (overlay: string) =>
      kustomization(`overlays/${overlay}`).replicas?.find(r => r.name === name)
        ?.count;
    expect(replicasIn('prod')).toBe(2);
    expect(replicasIn('dev')).toBe(1);
  });

  it('provides every variable app-config.production.yaml reads: a Secret key, or set by the mounted app-config', () => {
    const keys = new Set([...documentedSecrets().values()].flat());
    const mounted = parse(
      readFileSync(
        path.join(DEPLOY, 'base/app-config.kubernetes.yaml'),
        'utf8',
      ),
    );
    const production = parse(
      readFileSync(path.join(REPO, 'app-config.production.yaml'), 'utf8'),
    );
    const unprovided = variablesIn(production).filter(
      ({ name, at }) => !keys.has(name) && valueAt(mounted, at) === undefined,
    );
    expect(unprovided).toEqual([]);
  });

  it("labels every object and pod with the catalog entity's kubernetes-id, in its namespace", () => {
    const annotations = portalEntity.metadata.annotations;
    const id = annotations['backstage.io/kubernetes-id'];
    expect(id).toBe('data-platform-portal');
    const own = manifests.filter(m => m.manifest.kind !== 'Application');
    for (const { manifest } of own) {
      expect(manifest.metadata.labels?.['backstage.io/kubernetes-id']).toBe(id);
    }
    expect(
      manifestOf('Deployment').spec.template.metadata.labels[
        'backstage.io/kubernetes-id'
      ],
    ).toBe(id);
    expect(kustomization('base').namespace).toBe(
      annotations['backstage.io/kubernetes-namespace'],
    );
  });

  it('gives the ServiceAccount an IRSA role and the Ingress an ALB', () => {
    expect(
      manifestOf('ServiceAccount').metadata.annotations?.[
        'eks.amazonaws.com/role-arn'
      ],
    ).toMatch(/^arn:aws:iam::\d{12}:role\/.+$/);
    const ingress = manifestOf('Ingress');
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/healthcheck-path': READINESS,
    });
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe(manifestOf('Service').metadata.name);
  });

  it.each(['dev', 'prod'])(
    'serves the %s overlay at the host its app-config names',
    overlay => {
      const k = kustomization(`overlays/${overlay}`);
      const hostPatch = (k.patches ?? [])
        .flatMap(p => (p.patch ? (parse(p.patch) as any[]) : []))
        .find(op => op.path === '/spec/rules/0/host');
      const host = hostPatch?.value ?? manifestOf('Ingress').spec.rules[0].host;
      const replaced = k.configMapGenerator?.find(
        g => g.behavior === 'replace',
      );
      const appConfig = parse(
        readFileSync(
          replaced
            ? path.join(DEPLOY, 'overlays', overlay, replaced.files![0])
            : path.join(DEPLOY, 'base/app-config.kubernetes.yaml'),
          'utf8',
        ),
      );
      expect(new URL(appConfig.app.baseUrl).host).toBe(host);
      expect(new URL(appConfig.backend.baseUrl).host).toBe(host);
    },
  );

  describe('the Argo CD Application', () => {
    const application = () =>
      documentOf<Manifest>('argocd/data-platform-portal.yaml');

    it('deploys the prod overlay in wave 4, as the catalog entity says', () => {
      const app = application();
      const annotations = portalEntity.metadata.annotations;
      expect(app.metadata.name).toBe(annotations['argocd/app-name']);
      expect(app.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe(
        annotations['base-layer.io/wave'],
      );
      expect(app.metadata.labels?.['base-layer.io/wave']).toBe('4');
      expect(app.spec.project).toBe(
        annotations['base-layer.io/argocd-project'],
      );
      expect(app.spec.source.path).toBe('deploy/overlays/prod');
      expect(app.spec.destination.namespace).toBe(
        kustomization('base').namespace,
      );
    });

    it('is the one the demo snapshot shows in wave 4', () => {
      const snapshot = parse(
        readFileSync(
          path.join(REPO, 'examples/argocd-applications.yaml'),
          'utf8',
        ),
      );
      const shown = snapshot.items.find(
        (a: Manifest) => a.metadata.name === application().metadata.name,
      );
      expect(shown.spec).toEqual(application().spec);
      expect(shown.metadata.labels['base-layer.io/wave']).toBe('4');
    });
  });
});

describe('the deploy/ checks', () => {
  const mockDir = createMockDirectory();
  it('report a YAML syntax error with its position', () => {
    mockDir.setContent({
      'base/deployment.yaml': 'kind: Deployment\nmetadata:\n  name: [x\n',
    });
    const [file] = readYamlTree(mockDir.path);
    expect(file.file).toBe('base/deployment.yaml');
    expect(file.errors).toEqual([
      expect.stringMatching(/line \d+, column \d+/),
    ]);
  });

  it('report every file a kustomization names that does not exist', () => {
    mockDir.setContent({
      'base/kustomization.yaml': 'resources: [deployment.yaml]\n',
      'base/deployment.yaml': '',
      'overlays/prod/kustomization.yaml': '',
    });
    const overlay: Kustomization = {
      resources: ['../../base', '../missing', 'pdb.yaml'],
      components: ['../../components/none'],
      patches: [{ path: 'replicas.yaml' }],
      configMapGenerator: [
        { name: 'config', files: ['app-config.yaml', 'key=other.yaml'] },
      ],
      replica: [],
    } as Kustomization;

    expect(missingReferences(mockDir.path, 'overlays/prod', overlay)).toEqual([
      'overlays/prod: resources ../missing',
      'overlays/prod: resources pdb.yaml',
      'overlays/prod: components ../../components/none',
      'overlays/prod: patches replicas.yaml',
      'overlays/prod: generator file app-config.yaml',
      'overlays/prod: generator file other.yaml',
    ]);
    expect(unknownKustomizationKeys(overlay)).toEqual(['replica']);
  });

  it('reject manifests that break the schema of their kind', () => {
    const deployment = documentOf<Manifest>('base/deployment.yaml');
    const brokenDeployment = structuredClone(deployment);
    brokenDeployment.spec.replicas = 'two';
    expect(() => validateManifest(brokenDeployment)).toThrow(
      /spec\/replicas must be integer/,
    );

    const unprobed = structuredClone(deployment);
    delete unprobed.spec.template.spec.containers[0].readinessProbe.httpGet
      .port;
    expect(() => validateManifest(unprobed)).toThrow(
      /readinessProbe\/httpGet must have required property port/,
    );

    const application = structuredClone(
      documentOf<Manifest>('argocd/data-platform-portal.yaml'),
    );
    delete application.spec.destination;
    expect(() => validateManifest(application)).toThrow(
      /must have required property destination/,
    );
  });

  it('reject a kind they have no model for, such as a committed Secret', () => {
    expect(() =>
      validateManifest({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'data-platform-portal-postgres' },
      }),
    ).toThrow('no kubernetes-models class for v1/Secret');
  });
});
