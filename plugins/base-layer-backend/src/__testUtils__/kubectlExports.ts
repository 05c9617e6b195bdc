/** Snapshot-source test helpers: Applications and `kubectl get -o yaml|json` lists of them. */
import { stringify } from 'yaml';

export function application(
  name: string,
  options: { wave?: number; health?: string; sync?: string } = {},
) {
  const wave = String(options.wave ?? 0);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      labels: { 'base-layer.io/wave': wave },
      annotations: { 'argocd.argoproj.io/sync-wave': wave },
    },
    spec: {
      project: 'aws-infrastructure',
      source: {
        repoURL: 'https://github.com/vsem-svoim/base-app-layer.git',
        path: `platform-services/core/${name}`,
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: name,
      },
    },
    status: {
      sync: { status: options.sync ?? 'Synced' },
      health: { status: options.health ?? 'Healthy' },
    },
  };
}

export function list(items: unknown[]) {
  return {
    apiVersion: 'v1',
    kind: 'List',
    items,
    metadata: { resourceVersion: '' },
  };
}

/** Like `kubectl get applications -A -o yaml`. */
export function listYaml(items: unknown[]): string {
  return stringify(list(items));
}

/** Like `kubectl get applications -A -o json`. */
export function listJson(items: unknown[]): string {
  return `${JSON.stringify(list(items), null, 4)}\n`;
}
