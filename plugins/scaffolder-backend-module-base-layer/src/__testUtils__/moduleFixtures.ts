/**
 * Hand-written BASE modules as a GitOps repo holds them, and their status as
 * the base-layer backend reports it. No test framework here: the e2e
 * loopbacks (e2e/loopbacks.ts) serve the same files.
 */
import {
  EntityStatusResponse,
  HealthStatus,
} from '@internal/plugin-base-layer-common';
import { moduleRepoLayout } from '../lib/moduleFiles';

/** What a hand-written module fixture varies. */
export interface ModuleFixture {
  devTag: string;
  prodTag: string;
  /** Leave the prod overlay out. */
  withoutProd?: boolean;
  lifecycle?: string;
}

function overlay(
  module: string,
  env: 'dev' | 'prod',
  tag: string,
  requests: { cpu: string; memory: string },
) {
  return `# ${env} overlay of ${module}: edited through pull requests.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base${env === 'prod' ? '\n  - hpa.yaml' : ''}
images:
  - name: base/${module}
    newName: ghcr.io/vsem-svoim/${module}
    newTag: "${tag}" # set by CI
patches:
  - target:
      kind: Deployment
      name: ${module}
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/resources/requests
        value:
          cpu: ${requests.cpu}
          memory: ${requests.memory}
`;
}

/**
 * The files of one BASE module in the GitOps repo, in the agreed layout
 * (`moduleRepoLayout`), written by hand with comments and quoting of their
 * own, as a person would have left them.
 */
export function moduleFiles(
  module: string,
  fixture: ModuleFixture,
): Record<string, string> {
  const layout = moduleRepoLayout(module);
  const files: Record<string, string> = {
    [`${layout.moduleDir}/deployment.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${module}
  namespace: base-${module}
spec:
  replicas: 1
  selector:
    matchLabels: { app.kubernetes.io/name: ${module} }
  template:
    metadata:
      labels: { app.kubernetes.io/name: ${module} }
    spec:
      serviceAccountName: ${module}
      containers:
        - name: ${module}
          image: base/${module}:latest # the overlays pick the tag
`,
    [`${layout.moduleDir}/kustomization.yaml`]: `resources:\n  - deployment.yaml\n`,
    [layout.catalogEntity]: `# The catalog entity of ${module}.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${module}
  tags: [base-module]
  annotations:
    base-layer.io/wave: "3"
    base-layer.io/overlays: ${
      fixture.withoutProd ? 'aws,dev' : 'aws,dev,prod'
    } # the kustomize overlays
spec:
  type: service
  lifecycle: ${
    fixture.lifecycle ?? 'production'
  } # experimental until it ran a month in prod
  owner: group:default/platform-team
  system: base-layer
`,
    [`${layout.baseDir}/kustomization.yaml`]: `resources:\n  - ../../../../../${layout.moduleDir}\nnamespace: base-${module}\n`,
    [`${layout.overlayDir(
      'aws',
    )}/kustomization.yaml`]: `resources:\n  - ../../base\nlabels:\n  - pairs: { cloud.provider: aws }\n    includeTemplates: true\n`,
    [`${layout.overlayDir('dev')}/kustomization.yaml`]: overlay(
      module,
      'dev',
      fixture.devTag,
      { cpu: '100m', memory: '256Mi' },
    ),
    [layout.application]: `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${module}-aws
spec:
  sources:
    - repoURL: https://github.com/vsem-svoim/base-app-layer.git
      path: ${layout.moduleDir}
    - repoURL: https://github.com/vsem-svoim/base-app-layer.git
      path: ${layout.overlayDir('aws')} # the overlay it deploys
`,
    [layout.iamRole]: `apiVersion: iam.aws.crossplane.io/v1beta1\nkind: Role\nmetadata:\n  name: ${layout.accessName}\n`,
    [layout.vaultPolicy]: `path "secret/data/base-layer/${module}/*" {\n  capabilities = ["read"]\n}\n`,
    [layout.vaultKubernetesRole]: `{"bound_service_account_names": ["${module}"]}\n`,
  };
  if (!fixture.withoutProd) {
    files[`${layout.overlayDir('prod')}/kustomization.yaml`] = overlay(
      module,
      'prod',
      fixture.prodTag,
      { cpu: '500m', memory: '1Gi' },
    );
    files[`${layout.overlayDir('prod')}/hpa.yaml`] =
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n';
  }
  return files;
}

/** A module's status as the base-layer backend answers it, with one Application. */
export function moduleStatus(
  module: string,
  health: HealthStatus,
): EntityStatusResponse {
  const layout = moduleRepoLayout(module);
  return {
    entityRef: `component:default/${module}`,
    wave: 3,
    environments: ['dev', 'prod'],
    overlays: ['aws', 'dev', 'prod'],
    applications: [
      {
        source: 'argocd',
        name: `${module}-aws`,
        namespace: 'argocd',
        project: 'base-layer',
        wave: 3,
        sync: 'Synced',
        health,
        ...(health === 'Healthy'
          ? {}
          : { message: 'Deployment has 0 of 1 replicas available' }),
        sources: [
          {
            repoURL: 'https://github.com/vsem-svoim/base-app-layer.git',
            path: layout.moduleDir,
          },
          {
            repoURL: 'https://github.com/vsem-svoim/base-app-layer.git',
            path: `${layout.overlayDir('aws')}`,
          },
        ],
        destination: { name: 'base-layer', namespace: `base-${module}` },
        conditions: [],
      },
    ],
    links: [],
    tools: [],
    stale: false,
    ageSeconds: 12,
  };
}
