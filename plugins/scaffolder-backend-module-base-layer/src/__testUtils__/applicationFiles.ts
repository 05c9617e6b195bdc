/**
 * Argo CD Application files as a GitOps repo holds them, written by hand
 * (comments, quoting and key order of their own), for the rollback tests.
 */

/** Where the Application of a module lives in the GitOps repo. */
export const applicationPath = (module: string) =>
  `argocd/applications/base-layer/${module}-aws.yaml`;

/** A single-source Application, as the runbook's `spec.source.targetRevision` patch assumes. */
export function singleSourceApplication(module: string, cloneUrl: string) {
  return `# ${module}: change through a pull request; Argo CD selfHeals live edits.
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${module}
  namespace: argocd
  labels:
    base-layer.io/wave: "3"
spec:
  project: base-layer
  source:
    repoURL: ${cloneUrl}
    targetRevision: main # Argo CD follows main
    path: platform-services/kustomize/base-layer/${module}/overlays/aws
  destination:
    name: base-layer
    namespace: base-${module}
  syncPolicy:
    automated: { prune: true, selfHeal: true }
    syncOptions:
    - CreateNamespace=true
`;
}

/**
 * A multi-source Application as DOMAIN.md describes a module's: its folder
 * and its overlay from the GitOps repo, plus a Helm chart from another repo
 * whose version a rollback of the repo must leave alone.
 */
export function multiSourceApplication(module: string, cloneUrl: string) {
  const folder = module.replace(/-/g, '_');
  return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${module}
  namespace: argocd
  annotations:
    argocd.argoproj.io/sync-wave: '3'
spec:
  project: base-layer
  sources:
    # The module's manifests.
    - repoURL: ${cloneUrl}
      path: ${folder}
      targetRevision: 'main'
    # Its aws overlay, which includes the folder through its base.
    - repoURL: ${cloneUrl}
      path: platform-services/kustomize/base-layer/${module}/overlays/aws
      targetRevision: 'main'
    - repoURL: https://charts.example.com/observability
      chart: service-monitor
      targetRevision: 1.2.3
  destination:
    name: base-layer
    namespace: base-${module}
  syncPolicy:
    automated:
      prune: true
      selfHeal: true
`;
}

/** The lines of `after` that differ from `before`, which must have as many lines. */
export function changedLines(before: string, after: string) {
  const old = before.split('\n');
  const next = after.split('\n');
  if (old.length !== next.length) {
    throw new Error(`line count changed: ${old.length} -> ${next.length}`);
  }
  return old.flatMap((line, i) =>
    line === next[i] ? [] : [{ line: i + 1, before: line, after: next[i] }],
  );
}
