import {
  ANNOTATION_WAVE,
  ARGOCD_SYNC_WAVE_ANNOTATION,
} from '@internal/plugin-base-layer-common';
import { ApplicationDefaults } from './config';
import { GithubRepo } from './githubRepo';
import { KubernetesModels } from './models';
import { moduleRepoLayout } from './moduleFiles';
import { ModuleSpec } from './moduleSpec';
import { WorkspaceFile } from './workspace';
import { toYaml, validated } from './yamlDocument';

/**
 * Sync on every change, prune what the repo drops and undo drift; retry a
 * failed sync 5 times (5s, doubling, at most 3m), as the README documents.
 */
const SYNC_POLICY = {
  automated: { prune: true, selfHeal: true },
  syncOptions: ['CreateNamespace=true'],
  retry: {
    limit: 5,
    backoff: { duration: '5s', factor: 2, maxDuration: '3m' },
  },
};

/** Path of the Argo CD Application of the module named `name` in the GitOps repo. */
export function moduleApplicationPath(name: string): string {
  return moduleRepoLayout(name).application;
}

/** Path of the module's Argo CD Application in the GitOps repo. */
export function applicationFilePath(spec: ModuleSpec): string {
  return spec.layout.application;
}

/**
 * Builds the module's multi-source Argo CD Application: the module folder
 * and its overlay, on the branch the pull request targets.
 */
export function buildArgoCdApplication(
  spec: ModuleSpec,
  repo: GithubRepo,
  defaults: ApplicationDefaults,
  models: KubernetesModels,
): WorkspaceFile {
  const wave = String(spec.wave.id);
  const source = (sourcePath: string) => ({
    repoURL: repo.cloneUrl,
    targetRevision: spec.branch,
    path: sourcePath,
  });
  const application = validated(
    new models.Application({
      metadata: {
        name: spec.appName,
        namespace: defaults.argocdNamespace,
        labels: {
          'app.kubernetes.io/name': spec.name,
          'app.kubernetes.io/part-of': 'base-layer',
          [ANNOTATION_WAVE]: wave,
        },
        annotations: { [ARGOCD_SYNC_WAVE_ANNOTATION]: wave },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: defaults.project,
        sources: [
          source(spec.moduleDir),
          source(spec.layout.overlayDir(spec.applicationOverlay)),
        ],
        destination: {
          name: defaults.destinationCluster,
          namespace: spec.namespace,
        },
        syncPolicy: SYNC_POLICY,
      },
    }),
  );
  return { path: applicationFilePath(spec), content: toYaml(application) };
}
